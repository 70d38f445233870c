using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>The suggestion service on the demo district: the whole path, and who may do what.</summary>
public class SuggestionCasesTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    [Fact]
    public async Task ASuggestionGoesFromFilingThroughASecondHandlingToSatisfied()
    {
        var deputy = await DeputyActorAsync("D0004");
        var lead = await UnitActorAsync("U990102-01");
        var co = await UnitActorAsync("U990102-02");

        var filed = await CasesAsync(c => c.SaveAsync(deputy, null, new SuggestionInput("关于加快老旧小区加装电梯的建议", "老旧小区居民多为老年人，上下楼困难，建议简化审批、加大补贴，加快加装电梯进度。", "CJ"), [], submit: true, null));
        Assert.True(filed.Succeeded, string.Join(" ", filed.Errors.Select(e => e.Message)));
        var id = int.Parse(filed.Code!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True((await CasesAsync(c => c.AcceptAsync(Office, id, null, null))).Succeeded);
        Assert.True((await CasesAsync(c => c.AssignAsync(Office, id, new AssignInput("U990102-01", ["U990102-02"]), null))).Succeeded);
        Assert.True((await CasesAsync(c => c.ViewAsync(co, id, "协办单位意见：同意纳入年度计划。"))).Succeeded);
        var coReply = await CasesAsync(c => c.ReplyAsync(co, id, new ReplyInput("协办单位想直接答复", AnswerResult.Solved), null));
        Assert.Equal(EditOutcome.Forbidden, coReply.Outcome);
        var noContact = await CasesAsync(c => c.ReplyAsync(lead, id, new ReplyInput("答复", AnswerResult.Solved), null));
        Assert.Equal(EditOutcome.Invalid, noContact.Outcome);
        var today = await database.WithScopeAsync(s => Task.FromResult(ChinaTime.Today(s.GetRequiredService<TimeProvider>())));
        Assert.True((await CasesAsync(c => c.ContactAsync(lead, id, new ContactInput(ContactStage.Before, ContactMode.Visit, today, "到代表单位当面沟通办理思路。")))).Succeeded);
        var b = await CasesAsync(c => c.ReplyAsync(lead, id, new ReplyInput("已列入明年计划。", AnswerResult.BeingSolved, today.AddMonths(6)), null));
        Assert.True(b.Succeeded, string.Join(" ", b.Errors.Select(e => e.Message)));
        Assert.True((await CasesAsync(c => c.EvaluateAsync(deputy, id, Rating.Unsatisfied, "进度太慢", null))).Succeeded);
        Assert.True((await CasesAsync(c => c.ContactAsync(lead, id, new ContactInput(ContactStage.During, ContactMode.Phone, today, "电话沟通二次办理方案。")))).Succeeded);
        Assert.True((await CasesAsync(c => c.ReplyAsync(lead, id, new ReplyInput("已全部完成。", AnswerResult.Solved), null))).Succeeded);
        Assert.True((await CasesAsync(c => c.EvaluateAsync(deputy, id, Rating.Satisfied, null, null))).Succeeded);

        var suggestion = await database.QueryAsync(db => db.Suggestions.Include(s => s.Events).SingleAsync(s => s.Id == id));
        Assert.Equal(SuggestionState.Closed, suggestion.State);
        Assert.Equal(2, suggestion.Round);
        Assert.StartsWith($"{today.Year}-", suggestion.Number, StringComparison.Ordinal);
        Assert.Equal(
            [SuggestionAction.Submit, SuggestionAction.Accept, SuggestionAction.Assign, SuggestionAction.View, SuggestionAction.Contact, SuggestionAction.Reply,
             SuggestionAction.Rehandle, SuggestionAction.Contact, SuggestionAction.Reply, SuggestionAction.Evaluate],
            suggestion.Events.OrderBy(e => e.Id).Select(e => Enum.Parse<SuggestionAction>(e.Action)));
        var view = await database.WithScopeAsync(s => s.GetRequiredService<SuggestionDesk>().GetAsync(deputy.Scope, id));
        Assert.NotNull(view);
        Assert.Equal(4, view.Units.Count);
        Assert.Equal(2, view.Ratings.Count);
    }

    [Fact]
    public async Task ADistrictOfficeCannotAssignToAnotherDistrictsUnit()
    {
        var deputy = await DeputyActorAsync("D0004");
        var district = await database.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync());
        var office = new CaseActor(StaffScope.ForRegion(district), WorkflowActor.Office, null, "东湖区代表工委");
        var filed = await CasesAsync(c => c.SaveAsync(deputy, null, new SuggestionInput("关于跨区交办的建议", "这件建议只应交给本区的承办单位办理，不能交到别的区。", "CJ"), [], submit: true, null));
        var id = int.Parse(filed.Code!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((await CasesAsync(c => c.AcceptAsync(office, id, null, null))).Succeeded);

        var otherLead = await CasesAsync(c => c.AssignAsync(office, id, new AssignInput("U990103-01", null), null));
        var otherCo = await CasesAsync(c => c.ProposeAsync(office, id, new AssignInput("U990102-01", ["U990103-01"]), null));

        Assert.Equal("LeadUnitCode", Assert.Single(otherLead.Errors).Field);
        Assert.Equal("CoUnitCodes", Assert.Single(otherCo.Errors).Field);
        Assert.Equal(0, await database.QueryAsync(db => db.SuggestionAssignments.CountAsync(a => a.SuggestionId == id)));
    }

    private Task<EditResult> CasesAsync(Func<SuggestionCases, Task<EditResult>> move) =>
        database.WithScopeAsync(services => move(services.GetRequiredService<SuggestionCases>()));

    private async Task<CaseActor> DeputyActorAsync(string code)
    {
        var id = await database.QueryAsync(db => db.Deputies.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForDeputy(id), WorkflowActor.Deputy, null, code);
    }

    private async Task<CaseActor> UnitActorAsync(string unitCode)
    {
        var id = await database.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, unitCode);
    }
}
