using System.Net;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Opinions;

/// <summary>The case workflow through the staff pages: real forms over HTTP, on the demo data, for every role.</summary>
public class CasePagesTests(CitizenPortalFixture portal) : IClassFixture<CitizenPortalFixture>
{
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "测试");

    [Fact]
    public async Task OfficeClassifiesAndAssignsUnitAnswersInItsInboxAndOfficeFeedsBack()
    {
        var code = await SubmitAsync("小区门口积水", "13800110011");
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Opinions/Details/{code}";

        var received = await office.GetDocumentAsync(page);
        Assert.NotNull(received.QuerySelector("#classify-form"));
        Assert.Null(received.QuerySelector("#assign-form"));
        Assert.Null(received.QuerySelector("#feedback-form"));

        using var classified = await office.SubmitFormAsync(page, "#classify-form", new Dictionary<string, string> { ["Classify.CategoryCode"] = "CJ", ["Classify.Grade"] = "Important" });
        Assert.Equal(HttpStatusCode.Redirect, classified.StatusCode);
        var assignPage = await office.GetDocumentAsync(page);
        Assert.Contains("已分类", assignPage.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", assignPage.QuerySelector("[data-testid=default-due]")!.TextContent);

        var missingUnit = await HtmlForms.ParseAsync(await office.SubmitFormAsync(page, "#assign-form", new Dictionary<string, string> { ["Assign.Note"] = "请尽快处理" }));
        Assert.Contains("主办单位", missingUnit.QuerySelector("[data-valmsg-for='Assign.LeadUnitCode']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("请尽快处理", ((IHtmlInputElement)missingUnit.QuerySelector("#Assign_Note")!).Value);

        using var assigned = await office.SubmitFormAsync(page, "#assign-form", new Dictionary<string, string>
        {
            ["Assign.LeadUnitCode"] = "U990102-01",
            ["Assign.CoUnitCodes"] = "U990102-02",
        });
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.Equal(OpinionState.Assigned, await StateAsync(code));

        using var unit = await SignedInAsync("unit@liaison.demo");
        var inbox = await unit.GetDocumentAsync("/Unit/Opinions");
        Assert.NotNull(inbox.QuerySelector($"tr[data-code='{code}']"));
        var unitPage = $"/Unit/Opinions/Details/{code}";
        var unitCase = await unit.GetDocumentAsync(unitPage);
        Assert.NotNull(unitCase.QuerySelector("#answer-form"));
        Assert.NotNull(unitCase.QuerySelector("#return-form"));
        Assert.Null(unitCase.QuerySelector("#classify-form"));
        Assert.Null(unitCase.QuerySelector("#feedback-form"));

        using var progress = await unit.SubmitFormAsync(unitPage, "#progress-form", new Dictionary<string, string> { ["Progress.Note"] = "已派人现场查看" });
        Assert.Equal(HttpStatusCode.Redirect, progress.StatusCode);
        var beingSolved = await HtmlForms.ParseAsync(await unit.SubmitFormAsync(unitPage, "#answer-form", new Dictionary<string, string>
        {
            ["Answer.Content"] = "已疏通雨水口",
            ["Answer.Result"] = nameof(AnswerResult.BeingSolved),
        }));
        Assert.Contains("计划解决的日期", beingSolved.QuerySelector("[data-valmsg-for='Answer.PlannedOn']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("已疏通雨水口", beingSolved.QuerySelector("#Answer_Content")!.TextContent);
        using var answered = await unit.SubmitFormAsync(unitPage, "#answer-form", new Dictionary<string, string>
        {
            ["Answer.Content"] = "已疏通雨水口，并加装排水管，积水问题已解决。",
            ["Answer.Result"] = nameof(AnswerResult.Solved),
        });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal(OpinionState.Answered, await StateAsync(code));

        var feedbackPage = await office.GetDocumentAsync(page);
        Assert.Equal("已疏通雨水口，并加装排水管，积水问题已解决。", feedbackPage.QuerySelector("#Feedback_Message")!.TextContent.Trim());
        Assert.Contains("东湖区住房和城乡建设局", feedbackPage.QuerySelector("[data-testid=assignments]")!.TextContent, StringComparison.Ordinal);
        using var fedBack = await office.SubmitFormAsync(page, "#feedback-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, fedBack.StatusCode);

        var opinion = await portal.QueryAsync(db => db.Opinions.Include(o => o.Events).SingleAsync(o => o.TrackingCode == code));
        Assert.Equal(OpinionState.FedBack, opinion.State);
        Assert.Equal("已疏通雨水口，并加装排水管，积水问题已解决。", opinion.PublishedAnswer);
        Assert.Equal(
            [OpinionAction.Receive, OpinionAction.Classify, OpinionAction.Assign, OpinionAction.Progress, OpinionAction.Answer, OpinionAction.FeedBack],
            opinion.Events.OrderBy(e => e.Id).Select(e => Enum.Parse<OpinionAction>(e.Action)));
        var timeline = (await office.GetDocumentAsync(page)).QuerySelector("[data-testid=timeline]")!.TextContent;
        Assert.Contains("已答复 → 已反馈", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaleFormIsRefusedWithTheChangedMessageAndNothingChanges()
    {
        var code = await SubmitAsync("两人同时分类", "13800110022");
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Opinions/Details/{code}";
        var shown = await office.GetDocumentAsync(page);
        var form = HtmlForms.FieldsOf((IHtmlFormElement)shown.QuerySelector("#classify-form")!)
            .Where(f => f.Key is not ("Classify.CategoryCode" or "Classify.Grade")).ToList();
        form.Add(new("Classify.CategoryCode", "HB"));
        form.Add(new("Classify.Grade", "Urgent"));

        await MoveAsync(c => c.ClassifyAsync(Office, code, "CJ", Grade.Normal, null));
        using var stale = await office.PostAsync(((IHtmlFormElement)shown.QuerySelector("#classify-form")!).Action, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var again = await HtmlForms.ParseAsync(stale);
        Assert.Contains(OpinionCases.ChangedMessage, again.QuerySelector("[data-testid=case-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Urgent", ((IHtmlSelectElement)again.QuerySelector("#Classify_Grade")!).Value);
        Assert.Contains("已分类", again.QuerySelector("[data-testid=case-state]")!.TextContent, StringComparison.Ordinal);
        var opinion = await portal.QueryAsync(db => db.Opinions.Include(o => o.Category).Include(o => o.Events).SingleAsync(o => o.TrackingCode == code));
        Assert.Equal(("CJ", Grade.Normal, 2), (opinion.Category!.Code, opinion.Grade!.Value, opinion.Events.Count));
    }

    [Fact]
    public async Task AUnitCannotOpenOrAnswerAnotherUnitsCase()
    {
        var code = await SubmitAsync("交给环保局的意见", "13800110033");
        await MoveAsync(c => c.ClassifyAsync(Office, code, "HB", Grade.Normal, null));
        await MoveAsync(c => c.AssignAsync(Office, code, new AssignInput("U990102-02", null), null));
        var mine = await SubmitAsync("交给住建局的意见", "13800110034");
        await MoveAsync(c => c.ClassifyAsync(Office, mine, "CJ", Grade.Normal, null));
        await MoveAsync(c => c.AssignAsync(Office, mine, new AssignInput("U990102-01", null), null));
        using var unit = await SignedInAsync("unit@liaison.demo");

        using var opened = await unit.GetAsync($"/Unit/Opinions/Details/{code}");
        var answer = HtmlForms.FieldsOf((IHtmlFormElement)(await unit.GetDocumentAsync($"/Unit/Opinions/Details/{mine}")).QuerySelector("#answer-form")!);
        answer.Add(new("Answer.Content", "冒名答复"));
        answer.Add(new("Answer.Result", nameof(AnswerResult.Solved)));
        using var posted = await unit.PostAsync($"/Unit/Opinions/Details/{code}?handler=Answer", new FormUrlEncodedContent(answer));
        var inbox = await unit.GetDocumentAsync("/Unit/Opinions");

        Assert.Equal(HttpStatusCode.NotFound, opened.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Null(inbox.QuerySelector($"tr[data-code='{code}']"));
        Assert.NotNull(inbox.QuerySelector($"tr[data-code='{mine}']"));
        Assert.Equal(OpinionState.Assigned, await StateAsync(code));
        using var manage = await unit.GetAsync("/Manage/Opinions");
        Assert.NotEqual(HttpStatusCode.OK, manage.StatusCode);
    }

    [Fact]
    public async Task AStationSeesOnlyItsOwnCasesWithOnlyTheButtonsTheTableGivesIt()
    {
        var theirs = await SubmitAsync("青石街道的意见", "13800110044", station: "990102002-01");
        var ours = await SubmitAsync("湖滨街道的意见", "13800110045");
        using var station = await SignedInAsync("station@liaison.demo");

        var list = await station.GetDocumentAsync("/Manage/Opinions");
        using var hidden = await station.GetAsync($"/Manage/Opinions/Details/{theirs}");
        var own = await station.GetDocumentAsync($"/Manage/Opinions/Details/{ours}");

        Assert.Null(list.QuerySelector($"tr[data-code='{theirs}']"));
        Assert.NotNull(list.QuerySelector($"tr[data-code='{ours}']"));
        Assert.Null(list.QuerySelector("#bulk-form"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.NotNull(own.QuerySelector("#classify-form"));
        Assert.NotNull(own.QuerySelector("#refuse-form"));
        Assert.NotNull(own.QuerySelector("#merge-form"));
        Assert.Null(own.QuerySelector("#escalate-form"));
        Assert.Null(own.QuerySelector("#supervise-form"));

        using var classified = await station.SubmitFormAsync($"/Manage/Opinions/Details/{ours}", "#classify-form", new Dictionary<string, string> { ["Classify.CategoryCode"] = "CJ", ["Classify.Grade"] = "Normal" });
        Assert.Equal(HttpStatusCode.Redirect, classified.StatusCode);
        var after = await station.GetDocumentAsync($"/Manage/Opinions/Details/{ours}");
        Assert.Null(after.QuerySelector("#assign-form"));
    }

    [Fact]
    public async Task RefusingAsksForConfirmationAndTheReasonReachesTheCitizen()
    {
        var code = await SubmitAsync("与人大无关的事", "13800110055");
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Opinions/Details/{code}";

        var unconfirmed = await HtmlForms.ParseAsync(await office.SubmitFormAsync(page, "#refuse-form", new Dictionary<string, string> { ["Refuse.Reason"] = "属于民事纠纷，请向法院起诉。" }));
        Assert.Contains("勾选确认", unconfirmed.QuerySelector("[data-valmsg-for='Refuse.Confirm']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("属于民事纠纷，请向法院起诉。", unconfirmed.QuerySelector("#Refuse_Reason")!.TextContent.Trim());
        Assert.Equal(OpinionState.Received, await StateAsync(code));

        using var refused = await office.SubmitFormAsync(page, "#refuse-form", new Dictionary<string, string> { ["Refuse.Reason"] = "属于民事纠纷，请向法院起诉。", ["Refuse.Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(OpinionState.Refused, await StateAsync(code));
        var closed = await office.GetDocumentAsync(page);
        Assert.Null(closed.QuerySelector("[data-testid=case-actions]"));
    }

    [Fact]
    public async Task BulkAssignmentReportsEachCase()
    {
        var first = await SubmitAsync("集中交办一", "13800110066");
        var second = await SubmitAsync("集中交办二", "13800110067");
        var unclassified = await SubmitAsync("集中交办三", "13800110068");
        await MoveAsync(c => c.ClassifyAsync(Office, first, "CJ", Grade.Normal, null));
        await MoveAsync(c => c.ClassifyAsync(Office, second, "CJ", Grade.Urgent, null));
        using var office = await SignedInAsync("office@liaison.demo");

        var list = await office.GetDocumentAsync("/Manage/Opinions?q=集中交办");
        Assert.Equal(2, list.QuerySelectorAll("input[name=Codes]").Length);
        var bulk = (IHtmlFormElement)list.QuerySelector("#bulk-form")!;
        var fields = HtmlForms.FieldsOf(bulk).Where(f => !f.Key.StartsWith("Bulk.", StringComparison.Ordinal)).ToList();
        fields.AddRange([new("Codes", first), new("Codes", second), new("Codes", unclassified), new("Bulk.LeadUnitCode", "U990102-01"), new("Bulk.CoUnitCodes", "U990102-04")]);
        using var posted = await office.PostAsync(bulk.Action, new FormUrlEncodedContent(fields));

        var results = (await HtmlForms.ParseAsync(posted)).QuerySelector("[data-testid=bulk-results]")!;
        Assert.Contains("2 件成功，1 件未交办", results.TextContent, StringComparison.Ordinal);
        Assert.Contains("已交办", results.QuerySelector($"li[data-code='{first}']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("不允许", results.QuerySelector($"li[data-code='{unclassified}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(OpinionState.Assigned, await StateAsync(second));
        Assert.Equal(OpinionState.Received, await StateAsync(unclassified));
    }

    [Fact]
    public async Task TheQueueCountsByStateFiltersAndPagesOnWithTheFiltersKept()
    {
        for (var i = 0; i < CasePageSize + 2; i++)
        {
            await SubmitAsync($"翻页测试第{i}件", $"138002200{i:00}");
        }

        using var office = await SignedInAsync("office@liaison.demo");
        var first = await office.GetDocumentAsync("/Manage/Opinions?q=翻页测试&state=Received");
        var next = first.QuerySelector("[data-testid=next-page]")!.GetAttribute("href")!;
        var second = await office.GetDocumentAsync(next);

        Assert.Contains("q=", next, StringComparison.Ordinal);
        Assert.Contains("state=Received", next, StringComparison.Ordinal);
        Assert.Equal(CasePageSize, first.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(2, second.QuerySelectorAll("tbody tr").Length);
        Assert.Empty(first.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-code")).Intersect(second.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-code"))));
        Assert.Contains(CasePageSize + 2 + "", first.QuerySelector(".state-pill[data-state=Received] .count")!.TextContent, StringComparison.Ordinal);
        var none = await office.GetDocumentAsync("/Manage/Opinions?q=翻页测试&overdue=true");
        Assert.NotNull(none.QuerySelector("[data-testid=empty-queue]"));
    }

    [Fact]
    public async Task TheDeputyFeedsBackAnAnsweredOpinionAddressedToThem()
    {
        var code = await SubmitAsync("给王代表的意见", "13800110077", deputy: "D0004");
        var other = await SubmitAsync("给别的代表的意见", "13800110078", deputy: "D0002");
        var unit = await UnitActorAsync("U990102-01");
        await MoveAsync(c => c.ClassifyAsync(Office, code, "CJ", Grade.Normal, null));
        await MoveAsync(c => c.AssignAsync(Office, code, new AssignInput("U990102-01", null), null));
        await MoveAsync(c => c.AnswerAsync(unit, code, new AnswerInput("已安排维修。", AnswerResult.Solved, true), null));
        using var deputy = await SignedInAsync("deputy@liaison.demo");

        var list = await deputy.GetDocumentAsync("/Deputy/Opinions");
        using var hidden = await deputy.GetAsync($"/Deputy/Opinions/Details/{other}");
        var page = await deputy.GetDocumentAsync($"/Deputy/Opinions/Details/{code}");
        using var fedBack = await deputy.SubmitFormAsync($"/Deputy/Opinions/Details/{code}", "#feedback-form", new Dictionary<string, string> { ["Feedback.Message"] = "已安排维修，谢谢您的反映。" });

        Assert.NotNull(list.QuerySelector($"tr[data-code='{code}']"));
        Assert.Null(list.QuerySelector($"tr[data-code='{other}']"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Null(page.QuerySelector("#classify-form"));
        Assert.Equal(HttpStatusCode.Redirect, fedBack.StatusCode);
        Assert.Equal(OpinionState.FedBack, await StateAsync(code));
    }

    private const int CasePageSize = LiaisonPortal.Web.Hosting.CaseQueueModel.PageSize;

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private Task<OpinionState> StateAsync(string code) =>
        portal.QueryAsync(db => db.Opinions.Where(o => o.TrackingCode == code).Select(o => o.State).SingleAsync());

    private async Task MoveAsync(Func<OpinionCases, Task<Core.Management.EditResult>> move)
    {
        var result = await portal.WithScopeAsync(services => move(services.GetRequiredService<OpinionCases>()));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private async Task<CaseActor> UnitActorAsync(string unitCode)
    {
        var id = await portal.QueryAsync(db => db.HandlingUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync());
        return new CaseActor(StaffScope.ForUnit(id), WorkflowActor.Unit, null, unitCode);
    }

    private Task<string> SubmitAsync(string title, string phone, string station = "990102001-01", string? deputy = null) => portal.WithScopeAsync(async services =>
    {
        var result = await services.GetRequiredService<OpinionIntake>().SubmitAsync(
            deputy is null ? AddressKind.Station : AddressKind.Deputy, deputy ?? station,
            new OpinionSubmission(title, "这是一条用于测试办理页面的群众意见，内容足够长。", null, null, phone, true, false, []));
        return result.TrackingCode!;
    });
}
