using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Deputy.Pages;

public class IndexModel(ScopeDirectory scopes) : WorkspaceHomeModel(scopes)
{
    public override string Heading => "代表履职台";

    public override IReadOnlyList<(string Title, string Url, string Description)> Tasks =>
    [
        ("群众给我的意见", "/Deputy/Opinions", "群众扫您的二维码提交的意见，答复后由您反馈。"),
        ("我的值班", "/Deputy/Duties", "联络站为您安排的接待日值班：确认值班，登记不能来的日期。"),
    ];
}
