using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// The words every page (deputy, office, unit) uses for a deputy's suggestion: states, grades, ratings, the 三见面
/// contact stages and modes, and badge colours. Every name is a localizer key: pages write <c>L[SuggestionLabels.State(s)]</c>.
/// </summary>
public static class SuggestionLabels
{
    /// <summary>The mark every list carries for a key suggestion: 重点督办·{leader} (a format key with the leader's name).</summary>
    public const string KeyMark = "重点督办·{0}";

    /// <summary>The state as everybody names it.</summary>
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

    /// <summary>A badge colour per state, so a list reads at a glance.</summary>
    public static string Badge(SuggestionState state) => state switch
    {
        SuggestionState.Draft => "text-bg-light border",
        SuggestionState.Submitted => "text-bg-primary",
        SuggestionState.Returned => "text-bg-danger",
        SuggestionState.Accepted => "text-bg-info",
        SuggestionState.Assigned => "text-bg-info",
        SuggestionState.Replied => "text-bg-warning",
        SuggestionState.Closed => "text-bg-success",
        _ => "text-bg-secondary",
    };

    /// <summary>One step of the history (the action's name).</summary>
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
        _ => action.ToString(),
    };

    /// <summary>A, B or C.</summary>
    public static string GradeLetter(AnswerResult grade) => SuggestionCases.GradeLetter(grade);

    /// <summary>The grade's meaning (a localizer key): 已解决或采纳, 正在解决或列入计划, 暂不能解决.</summary>
    public static string GradeName(AnswerResult grade) => SuggestionCases.GradeName(grade);

    public static string GradeBadge(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "text-bg-success",
        AnswerResult.BeingSolved => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    /// <summary>满意, 基本满意, 不满意 (a localizer key).</summary>
    public static string Rating(Rating rating) => SuggestionCases.RatingName(rating);

    public static string RatingBadge(Rating rating) => rating switch
    {
        Core.Opinions.Rating.Satisfied => "text-bg-success",
        Core.Opinions.Rating.BasicallySatisfied => "text-bg-info",
        _ => "text-bg-danger",
    };

    /// <summary>办前, 办中, 办后 (a localizer key).</summary>
    public static string Stage(ContactStage stage) => SuggestionCases.StageName(stage);

    /// <summary>当面走访, 电话沟通 … (a localizer key).</summary>
    public static string Mode(ContactMode mode) => SuggestionCases.ModeName(mode);

    /// <summary>The grade with its meaning, as reports and reply forms show it: A 类（已解决或采纳）.</summary>
    public static string Grade(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "A 类（已解决或采纳）",
        AnswerResult.BeingSolved => "B 类（正在解决或列入计划）",
        _ => "C 类（暂不能解决）",
    };

    /// <summary>When to choose the grade, under the reply form's radio button.</summary>
    public static string GradeHint(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "建议提出的问题已经解决，或建议已被采纳落实。",
        AnswerResult.BeingSolved => "正在解决或已列入工作计划，请填写计划解决的日期。",
        _ => "受条件限制暂不能解决，请说明原因，留作参考。",
    };

    public static string Kind(BatchKind kind) => kind == BatchKind.Session ? "会议期间" : "闭会期间";

    /// <summary>A batch's deadline rule as a localizer key with its number (months, or working days).</summary>
    public static (string Key, int Number) Deadline(int? months, int? workingDays) =>
        workingDays is { } days ? ("交办之日起 {0} 个工作日", days) : ("交办之日起 {0} 个月", months ?? 3);
}
