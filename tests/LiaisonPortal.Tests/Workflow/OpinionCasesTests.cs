using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Workflow;

/// <summary>The workflow service on the demo street: the main path, and concurrent moves on one case.</summary>
public class OpinionCasesTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    [Fact]
    public async Task AnOpinionGoesFromReceiptToClosedWithEveryStepInItsHistory()
    {
        var code = await SubmitAsync("楼道灯坏了", "13800001111");
        var unit = await UnitActorAsync("U990102-01");

        Assert.True((await CasesAsync(c => c.ClassifyAsync(Office, code, "CJ", Grade.Normal, null))).Succeeded);
        Assert.True((await CasesAsync(c => c.AssignAsync(Office, code, new AssignInput("U990102-01", ["U990102-02"]), null))).Succeeded);
        Assert.True((await CasesAsync(c => c.ProgressAsync(unit, code, "已派人现场查看"))).Succeeded);
        Assert.True((await CasesAsync(c => c.AnswerAsync(unit, code, new AnswerInput("已更换灯具", AnswerResult.Solved, Final: true), null))).Succeeded);
        Assert.True((await CasesAsync(c => c.FeedBackAsync(Office, code, "楼道灯已于本周更换，感谢您的反映。", null))).Succeeded);
        Assert.Equal(RatingOutcome.Done, await database.WithScopeAsync(s => s.GetRequiredService<OpinionTracking>().RateAsync(code, "1111", Rating.Satisfied, null)));

        var opinion = await database.QueryAsync(db => db.Opinions.Include(o => o.Events).SingleAsync(o => o.TrackingCode == code));
        Assert.Equal(OpinionState.Closed, opinion.State);
        Assert.Equal(
            [OpinionAction.Receive, OpinionAction.Classify, OpinionAction.Assign, OpinionAction.Progress, OpinionAction.Answer, OpinionAction.FeedBack, OpinionAction.Evaluate, OpinionAction.Close],
            opinion.Events.OrderBy(e => e.Id).Select(e => Enum.Parse<OpinionAction>(e.Action)));
        Assert.Equal("楼道灯已于本周更换，感谢您的反映。", opinion.PublishedAnswer);
        var assignments = await database.QueryAsync(db => db.OpinionAssignments.Where(a => a.OpinionId == opinion.Id).ToListAsync());
        Assert.Equal(2, assignments.Count);
        Assert.True(assignments.Single(a => a.IsLead).AnswerDueOn > DateOnly.FromDateTime(DateTime.UtcNow));
    }

    [Fact]
    public async Task TwentyParallelAssignmentsOfOneCaseLetExactlyOneWin()
    {
        var code = await SubmitAsync("二十人同时交办", "13800002222");
        Assert.True((await CasesAsync(c => c.ClassifyAsync(Office, code, "CJ", Grade.Normal, null))).Succeeded);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            CasesAsync(c => c.AssignAsync(Office, code, new AssignInput("U990102-01", null), null))));

        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(EditOutcome.Conflict, r.Outcome));
        var history = await database.QueryAsync(db => db.OpinionEvents.CountAsync(e => e.Action == "Assign" && db.Opinions.Any(o => o.Id == e.OpinionId && o.TrackingCode == code)));
        Assert.Equal(1, history);
        Assert.Equal(1, await database.QueryAsync(db => db.OpinionAssignments.CountAsync(a => db.Opinions.Any(o => o.Id == a.OpinionId && o.TrackingCode == code))));
    }

    [Fact]
    public async Task AMoveTheStateDoesNotAllowIsRefusedAndChangesNothing()
    {
        var code = await SubmitAsync("还没分类就答复", "13800003333");
        var unit = await UnitActorAsync("U990102-01");

        var feedback = await CasesAsync(c => c.FeedBackAsync(Office, code, "提前答复", null));
        var answer = await CasesAsync(c => c.AnswerAsync(unit, code, new AnswerInput("答复", AnswerResult.Solved, true), null));

        Assert.Equal(EditOutcome.Conflict, feedback.Outcome);
        Assert.Equal(EditOutcome.NotFound, answer.Outcome); // not assigned to the unit: outside its scope
        var opinion = await database.QueryAsync(db => db.Opinions.Include(o => o.Events).SingleAsync(o => o.TrackingCode == code));
        Assert.Equal(OpinionState.Received, opinion.State);
        Assert.Null(opinion.PublishedAnswer);
        Assert.Single(opinion.Events);
    }

    private Task<EditResult> CasesAsync(Func<OpinionCases, Task<EditResult>> move) =>
        database.WithScopeAsync(services => move(services.GetRequiredService<OpinionCases>()));

    private async Task<CaseActor> UnitActorAsync(string unitCode)
    {
        var id = await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, unitCode);
    }

    private Task<string> SubmitAsync(string title, string phone) => database.WithScopeAsync(async services =>
    {
        var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(AddressKind.Station, "990102001-01",
            new OpinionSubmission(title, "这是一条用于测试办理流程的群众意见，内容足够长。", null, null, phone, true, false, []));
        return result.TrackingCode!;
    });
}
