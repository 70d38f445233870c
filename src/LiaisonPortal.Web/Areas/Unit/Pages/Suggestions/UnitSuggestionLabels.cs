using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;

namespace LiaisonPortal.Web.Areas.Unit.Pages.Suggestions;

/// <summary>The Chinese words of the units' suggestion pages (localizer keys).</summary>
public static class UnitSuggestionLabels
{
    public static string State(SuggestionState state) => state switch
    {
        SuggestionState.Draft => "草稿",
        SuggestionState.Submitted => "待审核",
        SuggestionState.Returned => "已退回",
        SuggestionState.Accepted => "已立案",
        SuggestionState.Assigned => "办理中",
        SuggestionState.Replied => "已答复",
        SuggestionState.Closed => "已办结",
        _ => "已转为群众意见",
    };

    public static string Badge(SuggestionState state) => state switch
    {
        SuggestionState.Assigned => "text-bg-primary",
        SuggestionState.Replied => "text-bg-info",
        SuggestionState.Closed => "text-bg-success",
        _ => "text-bg-secondary",
    };

    public static string Tab(UnitInboxTab tab) => tab switch
    {
        UnitInboxTab.Lead => "主办",
        UnitInboxTab.Co => "协办",
        UnitInboxTab.Replied => "已答复",
        _ => "全部",
    };

    public static string Step(SuggestionAction action) => action switch
    {
        SuggestionAction.Save => "保存",
        SuggestionAction.Submit => "提交",
        SuggestionAction.Withdraw => "撤回修改",
        SuggestionAction.Accept => "审核立案",
        SuggestionAction.Return => "退回修改",
        SuggestionAction.Convert => "转为群众意见",
        SuggestionAction.Propose => "拟交办",
        SuggestionAction.Assign => "交办",
        SuggestionAction.View => "协办意见",
        SuggestionAction.Contact => "沟通",
        SuggestionAction.Reply => "答复",
        SuggestionAction.Evaluate => "评价",
        SuggestionAction.Rehandle => "重新办理",
        SuggestionAction.Supervise => "督办",
        SuggestionAction.SendBack => "退回交办",
        _ => "提醒",
    };

    /// <summary>The letter and what it means, e.g. "A 类：已解决或采纳".</summary>
    public static string Grade(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "A 类：已解决或采纳",
        AnswerResult.BeingSolved => "B 类：正在解决或列入计划",
        _ => "C 类：暂不能解决",
    };

    /// <summary>When to choose the grade, shown under the radio button.</summary>
    public static string GradeHint(AnswerResult grade) => grade switch
    {
        AnswerResult.Solved => "建议提出的问题已经解决，或建议已被采纳落实。",
        AnswerResult.BeingSolved => "正在解决或已列入工作计划，请填写计划解决的日期。",
        _ => "受条件限制暂不能解决，请说明原因，留作参考。",
    };

    public static string Rating(Rating rating) => rating switch
    {
        Core.Opinions.Rating.Satisfied => "满意",
        Core.Opinions.Rating.BasicallySatisfied => "基本满意",
        _ => "不满意",
    };

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
}
