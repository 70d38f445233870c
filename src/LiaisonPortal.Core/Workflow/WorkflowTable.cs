namespace LiaisonPortal.Core.Workflow;

/// <summary>Who makes a move: the citizen, the congress office, a station, a handling unit, a deputy, or the system itself.</summary>
public enum WorkflowActor
{
    Citizen = 1,
    Office = 2,
    Station = 3,
    Unit = 4,
    System = 5,

    /// <summary>A deputy: the one an opinion was addressed to, or the one who filed a suggestion.</summary>
    Deputy = 6,
}

/// <summary>A move the table does not allow; nothing was changed.</summary>
public sealed class WorkflowException(string message) : InvalidOperationException(message);

/// <summary>One allowed move: from a state (none for the first), by an action, to a state, by whom.</summary>
public sealed record WorkflowMove<TState, TAction>(TState? From, TAction Action, TState To, IReadOnlyList<WorkflowActor> Actors)
    where TState : struct, Enum
    where TAction : struct, Enum;

/// <summary>
/// The one workflow engine: a table of allowed moves (state × action → state, and who may make it). Opinions and
/// deputies' suggestions are two tables on it; <see cref="Check"/> is the only place a move is allowed or refused.
/// </summary>
/// <param name="subject">What the table moves, in the refusal messages: "意见", "建议".</param>
public sealed class WorkflowTable<TState, TAction>(string subject, IReadOnlyList<WorkflowMove<TState, TAction>> moves)
    where TState : struct, Enum
    where TAction : struct, Enum
{
    public IReadOnlyList<WorkflowMove<TState, TAction>> Moves { get; } = moves;

    public WorkflowMove<TState, TAction>? Find(TState? from, TAction action, WorkflowActor actor) =>
        Moves.FirstOrDefault(m => Nullable.Equals(m.From, from) && m.Action.Equals(action) && m.Actors.Contains(actor));

    /// <summary>The states the action may be taken from by the actor.</summary>
    public bool Allows(TState? from, TAction action, WorkflowActor actor) => Find(from, action, actor) is not null;

    /// <summary>The move, or a <see cref="WorkflowException"/> telling the person who tried why not.</summary>
    public WorkflowMove<TState, TAction> Check(TState? from, TAction action, WorkflowActor actor) =>
        Find(from, action, actor)
        ?? throw new WorkflowException(Moves.Any(m => Nullable.Equals(m.From, from) && m.Action.Equals(action))
            ? $"您没有权限对该{subject}执行此操作。"
            : $"该{subject}当前的状态不允许此操作，请刷新页面查看最新状态。");
}
