using LiaisonPortal.Core.Workflow;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>
/// The suggestions' table on the one workflow engine (<see cref="WorkflowTable{TState, TAction}"/>): every change of a
/// suggestion's state goes through <see cref="Apply"/>, which checks the move and records it in the history. Which
/// unit may reply (the lead unit, not a co-unit) is the service's check on the assignment, not the table's.
/// </summary>
public static class SuggestionWorkflow
{
    private static readonly WorkflowActor[] Deputy = [WorkflowActor.Deputy];
    private static readonly WorkflowActor[] Office = [WorkflowActor.Office];
    private static readonly WorkflowActor[] Unit = [WorkflowActor.Unit];
    private static readonly SuggestionState[] Supervised = [SuggestionState.Submitted, SuggestionState.Accepted, SuggestionState.Assigned, SuggestionState.Replied];

    public static WorkflowTable<SuggestionState, SuggestionAction> Table { get; } = new("建议",
    [
        new(null, SuggestionAction.Save, SuggestionState.Draft, Deputy),
        new(null, SuggestionAction.Submit, SuggestionState.Submitted, Deputy),
        new(SuggestionState.Draft, SuggestionAction.Save, SuggestionState.Draft, Deputy),
        new(SuggestionState.Returned, SuggestionAction.Save, SuggestionState.Returned, Deputy),
        new(SuggestionState.Draft, SuggestionAction.Submit, SuggestionState.Submitted, Deputy),
        new(SuggestionState.Returned, SuggestionAction.Submit, SuggestionState.Submitted, Deputy),
        new(SuggestionState.Submitted, SuggestionAction.Withdraw, SuggestionState.Draft, Deputy),
        new(SuggestionState.Submitted, SuggestionAction.Accept, SuggestionState.Accepted, Office),
        new(SuggestionState.Submitted, SuggestionAction.Return, SuggestionState.Returned, Office),
        new(SuggestionState.Submitted, SuggestionAction.Convert, SuggestionState.Converted, Office),
        new(SuggestionState.Accepted, SuggestionAction.Propose, SuggestionState.Accepted, Office),
        new(SuggestionState.Accepted, SuggestionAction.Assign, SuggestionState.Assigned, Office),
        new(SuggestionState.Assigned, SuggestionAction.View, SuggestionState.Assigned, Unit),
        new(SuggestionState.Assigned, SuggestionAction.Contact, SuggestionState.Assigned, Unit),
        new(SuggestionState.Replied, SuggestionAction.Contact, SuggestionState.Replied, Unit),
        new(SuggestionState.Closed, SuggestionAction.Contact, SuggestionState.Closed, Unit),
        new(SuggestionState.Assigned, SuggestionAction.Reply, SuggestionState.Replied, Unit),
        new(SuggestionState.Assigned, SuggestionAction.SendBack, SuggestionState.Accepted, Unit),
        new(SuggestionState.Replied, SuggestionAction.Evaluate, SuggestionState.Closed, Deputy),
        new(SuggestionState.Replied, SuggestionAction.Rehandle, SuggestionState.Assigned, Deputy),
        .. Supervised.Select(state => new WorkflowMove<SuggestionState, SuggestionAction>(state, SuggestionAction.Supervise, state, Office)),
    ]);

    public static IReadOnlyList<WorkflowMove<SuggestionState, SuggestionAction>> Moves => Table.Moves;

    /// <summary>Makes the move or throws <see cref="WorkflowException"/> with a message for the person who tried.</summary>
    public static void Apply(Suggestion suggestion, SuggestionAction action, WorkflowActor actor, DateTimeOffset at, SuggestionNotes notes)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(notes);
        var from = suggestion.Id == 0 && suggestion.Events.Count == 0 ? (SuggestionState?)null : suggestion.State;
        var move = Table.Check(from, action, actor);
        suggestion.State = move.To;
        suggestion.UpdatedAt = at;
        suggestion.Record(new SuggestionEvent(at, action, move.To, notes.Note, notes.InternalNote, notes.ActorId, notes.ActorName));
    }
}

/// <summary>What a move leaves in the history: a note the deputies see, a note for staff, and who made it.</summary>
public sealed record SuggestionNotes(string? Note = null, string? InternalNote = null, string? ActorId = null, string? ActorName = null);
