using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;

namespace LiaisonPortal.Tests.Workflow;

/// <summary>The one workflow table, tried exhaustively: every state × action × actor.</summary>
public class OpinionWorkflowTableTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    public static TheoryData<OpinionState, OpinionAction, WorkflowActor> EveryCombination()
    {
        var data = new TheoryData<OpinionState, OpinionAction, WorkflowActor>();
        foreach (var state in Enum.GetValues<OpinionState>())
        {
            foreach (var action in Enum.GetValues<OpinionAction>().Where(a => a != OpinionAction.Receive))
            {
                foreach (var actor in Enum.GetValues<WorkflowActor>())
                {
                    data.Add(state, action, actor);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void AMoveIsMadeExactlyWhenTheTableAllowsItAndARefusalChangesNothing(OpinionState state, OpinionAction action, WorkflowActor actor)
    {
        var opinion = OpinionIn(state);
        var events = opinion.Events.Count;
        var move = OpinionWorkflow.Moves.SingleOrDefault(m => m.From == state && m.Action == action && m.Actors.Contains(actor));

        if (move is null)
        {
            var refused = Assert.Throws<WorkflowException>(() => OpinionWorkflow.Apply(opinion, action, actor, At.AddHours(1), new MoveNotes()));
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));
            Assert.Matches("[\u4e00-\u9fff]", refused.Message);
            Assert.Equal(state, opinion.State);
            Assert.Equal(events, opinion.Events.Count);
            Assert.Equal(At, opinion.UpdatedAt);
        }
        else
        {
            OpinionWorkflow.Apply(opinion, action, actor, At.AddHours(1), new MoveNotes(ActorName: "测试"));
            Assert.Equal(move.To, opinion.State);
            Assert.Equal(events + 1, opinion.Events.Count);
            Assert.Equal(move.To, opinion.Events.Last().State);
        }
    }

    [Fact]
    public void EachStateActionAndActorHasAtMostOneMoveAndEveryMoveLeadsToAKnownState()
    {
        var keys = OpinionWorkflow.Moves.SelectMany(m => m.Actors.Select(a => (m.From, m.Action, a))).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(OpinionWorkflow.Moves, m => Assert.True(Enum.IsDefined(m.To)));
        Assert.Single(OpinionWorkflow.Moves, m => m.From is null);
    }

    [Fact]
    public void TheEndsOfTheLoopAllowNoFurtherStateChange()
    {
        foreach (var end in new[] { OpinionState.Refused, OpinionState.Closed, OpinionState.Merged, OpinionState.Escalated })
        {
            Assert.DoesNotContain(OpinionWorkflow.Moves, m => m.From == end && m.To != end);
        }
    }

    private static Opinion OpinionIn(OpinionState state)
    {
        var opinion = new Opinion("ABCDEFGHJK", OpinionChannel.Qr, 1, null, "标题", "足够长的测试内容，十个字以上。", At);
        OpinionWorkflow.Apply(opinion, OpinionAction.Receive, WorkflowActor.System, At, new MoveNotes());
        opinion.State = state;
        opinion.UpdatedAt = At;
        return opinion;
    }
}
