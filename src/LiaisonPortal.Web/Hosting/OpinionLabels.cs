using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Web.Hosting;

/// <summary>The words citizens and staff read for the workflow's states, steps, ratings and channels.</summary>
public static class OpinionLabels
{
    /// <summary>The state in plain words for the citizen: an answer not yet fed back is still "办理中".</summary>
    public static string PublicState(OpinionState state) => state switch
    {
        OpinionState.Received => "已受理",
        OpinionState.Refused => "不予受理",
        OpinionState.Classified => "已受理",
        OpinionState.Assigned => "已交办",
        OpinionState.Answered => "办理中",
        OpinionState.FedBack => "已反馈",
        OpinionState.Evaluated => "已评价",
        OpinionState.Closed => "已办结",
        OpinionState.Merged => "已合并办理",
        OpinionState.Escalated => "已上报",
        _ => state.ToString(),
    };

    /// <summary>The state as staff name it.</summary>
    public static string State(OpinionState state) => state switch
    {
        OpinionState.Received => "已受理",
        OpinionState.Refused => "不予受理",
        OpinionState.Classified => "已分类",
        OpinionState.Assigned => "已交办",
        OpinionState.Answered => "已答复",
        OpinionState.FedBack => "已反馈",
        OpinionState.Evaluated => "已评价",
        OpinionState.Closed => "已办结",
        OpinionState.Merged => "已合并",
        OpinionState.Escalated => "已上报",
        _ => state.ToString(),
    };

    /// <summary>One step of the citizen's timeline.</summary>
    public static string PublicStep(OpinionAction action) => action switch
    {
        OpinionAction.Receive => "已受理，查询码已生成",
        OpinionAction.Refuse => "不予受理",
        OpinionAction.Classify => "已登记分类",
        OpinionAction.Assign => "已交有关单位办理",
        OpinionAction.Answer => "承办单位已答复，正在审核",
        OpinionAction.Return => "正在重新确定承办单位",
        OpinionAction.FeedBack => "已把办理结果反馈给您",
        OpinionAction.Evaluate => "您已评价",
        OpinionAction.Reopen => "您不满意，已重新交办",
        OpinionAction.Close => "已办结",
        OpinionAction.Merge => "与相同问题合并办理",
        OpinionAction.Escalate => "已上报上级人大",
        OpinionAction.Progress => "承办单位正在办理",
        OpinionAction.Supervise => "督办",
        OpinionAction.AutoClose => "反馈后未评价，自动办结",
        _ => action.ToString(),
    };

    public static string Of(Rating rating) => rating switch
    {
        Rating.Satisfied => "满意",
        Rating.BasicallySatisfied => "基本满意",
        Rating.Unsatisfied => "不满意",
        _ => rating.ToString(),
    };

    public static string Of(OpinionChannel channel) => channel switch
    {
        OpinionChannel.Qr => "扫码",
        OpinionChannel.Web => "网站",
        OpinionChannel.WalkIn => "来访",
        OpinionChannel.Phone => "来电",
        OpinionChannel.DeputyVisit => "代表走访",
        OpinionChannel.Hotline => "热线转办",
        OpinionChannel.Reception => "接待日登记",
        OpinionChannel.Suggestion => "代表建议转办",
        OpinionChannel.Partner => "对接平台",
        _ => channel.ToString(),
    };

    /// <summary>One step of the staff timeline.</summary>
    public static string Step(OpinionAction action) => action switch
    {
        OpinionAction.Receive => "受理",
        OpinionAction.Refuse => "不予受理",
        OpinionAction.Classify => "分类",
        OpinionAction.Assign => "交办",
        OpinionAction.Answer => "答复",
        OpinionAction.Return => "退回",
        OpinionAction.FeedBack => "反馈",
        OpinionAction.Evaluate => "群众评价",
        OpinionAction.Reopen => "重新交办",
        OpinionAction.Close => "办结",
        OpinionAction.Merge => "同类合并",
        OpinionAction.Escalate => "上报",
        OpinionAction.Progress => "办理进展",
        OpinionAction.Supervise => "督办",
        OpinionAction.AutoClose => "逾期未评价，自动办结",
        _ => action.ToString(),
    };

    public static string Of(Grade grade) => grade switch
    {
        Grade.Important => "重要",
        Grade.Urgent => "紧急",
        _ => "一般",
    };

    public static string Of(SupervisionLevel level) => level switch
    {
        SupervisionLevel.Key => "重点督办",
        SupervisionLevel.Flagged => "挂牌督办",
        _ => "一般督办",
    };

    public static string Of(AnswerResult result) => result switch
    {
        AnswerResult.Solved => "已解决",
        AnswerResult.BeingSolved => "正在解决",
        AnswerResult.CannotSolve => "暂不能解决",
        _ => result.ToString(),
    };

    /// <summary>A badge colour per state, so a queue reads at a glance.</summary>
    public static string Badge(OpinionState state) => state switch
    {
        OpinionState.Received or OpinionState.Classified => "text-bg-primary",
        OpinionState.Assigned => "text-bg-info",
        OpinionState.Answered => "text-bg-warning",
        OpinionState.FedBack or OpinionState.Evaluated => "text-bg-success",
        OpinionState.Closed => "text-bg-secondary",
        _ => "text-bg-light border",
    };
}
