using LiaisonPortal.Core.Workflow;

namespace LiaisonPortal.Core.Opinions;

/// <summary>What can be done to an opinion.</summary>
public enum OpinionAction
{
    Receive = 1,
    Refuse = 2,
    Classify = 3,
    Assign = 4,
    Answer = 5,
    Return = 6,
    FeedBack = 7,
    Evaluate = 8,
    Reopen = 9,
    Close = 10,
    Merge = 11,
    Escalate = 12,

    /// <summary>A unit's progress note: no change of state.</summary>
    Progress = 13,

    /// <summary>A supervision level or note: no change of state.</summary>
    Supervise = 14,

    /// <summary>Closed by the system: no rating within 15 days of feedback.</summary>
    AutoClose = 15,
}

/// <summary>
/// The opinions' table on the one workflow engine (<see cref="WorkflowTable{TState, TAction}"/>): every change of an
/// opinion's state goes through <see cref="Apply"/>, which checks the move against <see cref="Moves"/> and records it
/// on the opinion's timeline.
/// </summary>
public static class OpinionWorkflow
{
    private static readonly WorkflowActor[] Intake = [WorkflowActor.System, WorkflowActor.Office, WorkflowActor.Station];
    private static readonly WorkflowActor[] Staff = [WorkflowActor.Office, WorkflowActor.Station];
    private static readonly WorkflowActor[] Office = [WorkflowActor.Office];
    private static readonly WorkflowActor[] Unit = [WorkflowActor.Unit];
    private static readonly WorkflowActor[] Citizen = [WorkflowActor.Citizen];
    private static readonly WorkflowActor[] Feedback = [WorkflowActor.Office, WorkflowActor.Station, WorkflowActor.Deputy];
    private static readonly WorkflowActor[] Closing = [WorkflowActor.Office, WorkflowActor.System];
    private static readonly WorkflowActor[] System = [WorkflowActor.System];
    private static readonly OpinionState[] Open =
        [OpinionState.Received, OpinionState.Classified, OpinionState.Assigned, OpinionState.Answered, OpinionState.FedBack];

    public static WorkflowTable<OpinionState, OpinionAction> Table { get; } = new("意见",
    [
        new(null, OpinionAction.Receive, OpinionState.Received, Intake),
        new(OpinionState.Received, OpinionAction.Refuse, OpinionState.Refused, Staff),
        new(OpinionState.Classified, OpinionAction.Refuse, OpinionState.Refused, Staff),
        new(OpinionState.Received, OpinionAction.Classify, OpinionState.Classified, Staff),
        new(OpinionState.Classified, OpinionAction.Classify, OpinionState.Classified, Staff),
        new(OpinionState.Received, OpinionAction.Merge, OpinionState.Merged, Staff),
        new(OpinionState.Classified, OpinionAction.Merge, OpinionState.Merged, Staff),
        new(OpinionState.Received, OpinionAction.Escalate, OpinionState.Escalated, Office),
        new(OpinionState.Classified, OpinionAction.Escalate, OpinionState.Escalated, Office),
        new(OpinionState.Classified, OpinionAction.Assign, OpinionState.Assigned, Office),
        new(OpinionState.Assigned, OpinionAction.Progress, OpinionState.Assigned, Unit),
        new(OpinionState.Assigned, OpinionAction.Answer, OpinionState.Answered, Unit),
        new(OpinionState.Assigned, OpinionAction.Return, OpinionState.Classified, Unit),
        new(OpinionState.Answered, OpinionAction.FeedBack, OpinionState.FedBack, Feedback),
        new(OpinionState.FedBack, OpinionAction.Evaluate, OpinionState.Evaluated, Citizen),
        new(OpinionState.FedBack, OpinionAction.Reopen, OpinionState.Assigned, Citizen),
        new(OpinionState.FedBack, OpinionAction.AutoClose, OpinionState.Closed, System),
        new(OpinionState.Evaluated, OpinionAction.Close, OpinionState.Closed, Closing),
        .. Open.Select(state => new WorkflowMove<OpinionState, OpinionAction>(state, OpinionAction.Supervise, state, Office)),
    ]);

    public static IReadOnlyList<WorkflowMove<OpinionState, OpinionAction>> Moves => Table.Moves;

    public static WorkflowMove<OpinionState, OpinionAction>? Find(OpinionState? from, OpinionAction action, WorkflowActor actor) =>
        Table.Find(from, action, actor);

    /// <summary>Makes the move or throws <see cref="WorkflowException"/> with a message for the person who tried.</summary>
    public static void Apply(Opinion opinion, OpinionAction action, WorkflowActor actor, DateTimeOffset at, MoveNotes notes)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        ArgumentNullException.ThrowIfNull(notes);
        var from = action == OpinionAction.Receive && opinion.Id == 0 && opinion.Events.Count == 0 ? (OpinionState?)null : opinion.State;
        var move = Table.Check(from, action, actor);
        opinion.State = move.To;
        opinion.UpdatedAt = at;
        opinion.Record(new OpinionEvent(at, action, move.To, notes.PublicNote, notes.InternalNote, notes.ActorId, notes.ActorName));
    }
}

/// <summary>What a move leaves on the timeline: a note the citizen sees, a note for staff, and who made it.</summary>
public sealed record MoveNotes(string? PublicNote = null, string? InternalNote = null, string? ActorId = null, string? ActorName = null);
