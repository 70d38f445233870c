using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>The words the congress office's suggestion pages use for states, steps, grades and batch kinds (localizer keys).</summary>
public static class OfficeSuggestionLabels
{
    public static string State(SuggestionState state) => state switch
    {
        SuggestionState.Draft => "草稿",
        SuggestionState.Submitted => "待审核",
        SuggestionState.Returned => "已退回修改",
        SuggestionState.Accepted => "已立案待交办",
        SuggestionState.Assigned => "办理中",
        SuggestionState.Replied => "已答复待评价",
        SuggestionState.Closed => "已办结",
        SuggestionState.Converted => "已转为群众意见",
        _ => state.ToString(),
    };

    public static string Badge(SuggestionState state) => state switch
    {
        SuggestionState.Submitted => "text-bg-warning",
        SuggestionState.Returned => "text-bg-secondary",
        SuggestionState.Accepted => "text-bg-info",
        SuggestionState.Assigned => "text-bg-primary",
        SuggestionState.Replied => "text-bg-success",
        SuggestionState.Closed => "text-bg-dark",
        _ => "text-bg-light border",
    };

    public static string Step(SuggestionAction action) => action switch
    {
        SuggestionAction.Save => "保存草稿",
        SuggestionAction.Submit => "提交建议",
        SuggestionAction.Withdraw => "代表撤回修改",
        SuggestionAction.Accept => "审核通过立案",
        SuggestionAction.Return => "退回修改",
        SuggestionAction.Convert => "转为群众意见",
        SuggestionAction.Propose => "拟交办",
        SuggestionAction.Assign => "交办",
        SuggestionAction.View => "协办意见",
        SuggestionAction.Contact => "与代表沟通",
        SuggestionAction.Reply => "答复",
        SuggestionAction.Evaluate => "代表评价",
        SuggestionAction.Rehandle => "不满意，重新办理",
        SuggestionAction.Supervise => "督办",
        SuggestionAction.SendBack => "承办单位退回",
        SuggestionAction.Remind => "催办提醒",
        _ => action.ToString(),
    };

    /// <summary>The grade letter the office reports, with its meaning.</summary>
    public static string Grade(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "A 类（已解决或采纳）",
        AnswerResult.BeingSolved => "B 类（正在解决或列入计划）",
        _ => "C 类（暂不能解决）",
    };

    public static string Letter(AnswerResult grade) => SuggestionCases.GradeLetter(grade);

    public static string Kind(BatchKind kind) => kind == BatchKind.Session ? "会议期间" : "闭会期间";

    public static string Stage(ContactStage stage) => stage switch
    {
        ContactStage.Before => "办前",
        ContactStage.During => "办中",
        _ => "办后",
    };

    public static string Mode(ContactMode mode) => mode switch
    {
        ContactMode.Visit => "当面走访",
        ContactMode.Phone => "电话沟通",
        ContactMode.Meeting => "座谈会",
        ContactMode.SiteVisit => "实地察看",
        _ => "其他方式",
    };

    /// <summary>The batch's deadline rule as a localizer key with its number (months, or working days).</summary>
    public static (string Key, int Number) Deadline(int? months, int? workingDays) =>
        workingDays is { } days ? ("交办之日起 {0} 个工作日", days) : ("交办之日起 {0} 个月", months ?? 3);
}
