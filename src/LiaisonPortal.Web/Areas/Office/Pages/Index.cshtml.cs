using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Office.Pages;

public class IndexModel(ScopeDirectory scopes) : WorkspaceHomeModel(scopes)
{
    public override string Heading => "代表工委工作台";

    public override IReadOnlyList<(string Title, string Url, string Description)> Tasks =>
    [
        ("一屏纵览", "/Manage/Dashboard", "本区域群众意见的收到、办理、超期、办结和满意率，接待日开展情况，一屏看全。"),
        ("家站点管理", "/Manage/Stations", "新建、修改、关闭家站点，记录“八有”检查。"),
        ("代表管理", "/Manage/Deputies", "代表信息、照片、编入家站点、停用。"),
        ("承办单位管理", "/Manage/Units", "承办单位及下级单位。"),
        ("行政区划", "/Manage/Regions", "新增街道、社区，修改名称。"),
        ("批量导入", "/Manage/Import", "从 Excel 另存的 CSV 文件导入代表、家站点、承办单位。"),
        ("代表建议办理统计", "/Manage/Suggestions/Figures", "按批次、主办单位和类别的立案、按时答复、办成率和满意率。"),
        ("年度办理情况报告", "/Manage/Suggestions/Report", "本年度代表建议办理情况，可打印（A4）。"),
    ];
}
