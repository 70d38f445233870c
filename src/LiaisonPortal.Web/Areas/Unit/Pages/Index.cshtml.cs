using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Unit.Pages;

public class IndexModel(ScopeDirectory scopes) : WorkspaceHomeModel(scopes)
{
    public override string Heading => "承办单位工作台";

    public override IReadOnlyList<(string Title, string Url, string Description)> Tasks =>
    [
        ("交办给本单位的意见", "/Unit/Opinions", "答复、记录办理进展，交办有误的可以退回。"),
        ("代表建议办理", "/Unit/Suggestions", "主办的答复代表、协办的提交协办意见，答复前先与代表沟通。"),
    ];
}
