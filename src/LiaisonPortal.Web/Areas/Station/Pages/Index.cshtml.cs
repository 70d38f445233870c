using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Station.Pages;

public class IndexModel(ScopeDirectory scopes) : WorkspaceHomeModel(scopes)
{
    public override string Heading => "联络站工作台";

    public override IReadOnlyList<(string Title, string Url, string Description)> Tasks =>
    [
        ("履职登记表", "/Manage/ReceptionLogs", "开始今天的接待：代表签到、登记群众意见、打印台账。"),
        ("本站信息", "/Manage/Stations", "开放时间、联系电话、管理员。"),
    ];
}
