using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Admin.Pages;

public class IndexModel(ScopeDirectory scopes) : WorkspaceHomeModel(scopes)
{
    public override string Heading => "系统管理";

    public override IReadOnlyList<(string Title, string Url, string Description)> Tasks =>
    [
        ("账号管理", "/Admin/Accounts", "工作人员账号：新建（初始密码首次登录必须修改）、重置密码、关闭丢失手机的两步验证、解除锁定。"),
        ("家站点管理", "/Manage/Stations", "新建、修改、关闭家站点，记录“八有”检查。"),
        ("代表管理", "/Manage/Deputies", "代表信息、照片、编入家站点、停用。"),
        ("承办单位管理", "/Manage/Units", "承办单位及下级单位。"),
        ("行政区划", "/Manage/Regions", "新增街道、社区，修改名称。"),
        ("批量导入", "/Manage/Import", "从 Excel 另存的 CSV 文件导入代表、家站点、承办单位。"),
        ("意见分类", "/Admin/Categories", "两级分类树：新增、改名、排序、停用。"),
        ("节假日日历", "/Admin/Holidays", "法定节假日和调休上班日，办理期限按它计算。"),
        ("办理时限", "/Admin/Deadlines", "按分级设置转交、交办到单位和单位答复的工作日数（默认“2310”）。"),
        ("答复模板", "/Admin/Templates", "单位答复和反馈群众的模板，可按分类设置，自动填入意见信息。"),
        ("分类规则", "/Admin/ClassificationRules", "关键词对应分类和分级，分类时系统据此给出建议。"),
        ("积分规则", "/Admin/PointRules", "履职积分：每类履职事实的分值、封顶和每年最少次数，修改后当年积分立即重算。"),
        ("对接平台", "/Admin/Partners", "其他平台（民意征集系统、12345 热线、小程序）按 Open311 标准接入：密钥、权限、地址白名单、调用上限、回调和调用日志。"),
        ("审计日志", "/Admin/Audit", "登录、账号权限变更、办理流转、查看群众电话、导出和下载的记录，只能追加，可筛选和导出。"),
        ("接口文档", "/Help/Api", "工作人员和公众 JSON 接口（/api/v1）的 OpenAPI 文档，以及 Open311 对接说明。"),
    ];
}
