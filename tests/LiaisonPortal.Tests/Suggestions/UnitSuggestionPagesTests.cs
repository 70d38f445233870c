using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
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

/// <summary>The units' suggestion pages over real HTTP: the inbox's tabs, the co-unit's and the lead unit's forms, refusals.</summary>
public class UnitSuggestionPagesTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private const string Password = "Suggest-Pages-2026";
    private const string CoUnitEmail = "co-pages@suggestion.test";
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "东湖区代表工委");

    public async Task InitializeAsync()
    {
        if (await portal.FindUserAsync(CoUnitEmail) is null)
        {
            await portal.CreateUserAsync(new NewStaffAccount(CoUnitEmail, Password, Roles.UnitStaff, UnitCode: "U990102-02", DisplayName: "生态环境局联络员"));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheInboxShowsTheUnitsPartDeadlineAndKeyLeaderByTab()
    {
        var (id, number) = await AssignedAsync("关于治理湖滨路噪声扰民的建议", key: "李主任");
        using var lead = await SignedInAsync("unit@liaison.demo");
        using var co = await SignedInAsync(CoUnitEmail, Password);

        var all = await lead.GetDocumentAsync("/Unit/Suggestions");
        var row = Row(all, id);
        Assert.Contains(number, row.TextContent, StringComparison.Ordinal);
        Assert.Equal("lead", row.QuerySelector("[data-part]")!.GetAttribute("data-part"));
        Assert.Contains("重点督办·李主任", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("王建华", row.TextContent, StringComparison.Ordinal);
        Assert.Matches("还剩 [0-9]+ 个工作日|今天到期", row.QuerySelector("[data-testid=due]")!.TextContent);
        Assert.NotNull(Row(await lead.GetDocumentAsync("/Unit/Suggestions?tab=Lead"), id));
        Assert.Null((await lead.GetDocumentAsync("/Unit/Suggestions?tab=Co")).QuerySelector($"tr[data-id='{id}']"));
        Assert.Equal("co", Row(await co.GetDocumentAsync("/Unit/Suggestions?tab=Co"), id).QuerySelector("[data-part]")!.GetAttribute("data-part"));

        var none = await lead.GetDocumentAsync("/Unit/Suggestions?q=" + Uri.EscapeDataString("没有这样的标题"));
        Assert.NotNull(none.QuerySelector("[data-testid=empty-inbox]"));
        var details = await lead.GetDocumentAsync($"/Unit/Suggestions/Details/{id}");
        Assert.Equal(number, details.QuerySelector("[data-testid=suggestion-number]")!.TextContent);
    }

    [Fact]
    public async Task ACoUnitSendsViewsButHasNoReplyFormAndAForgedReplyIsRefused()
    {
        var (id, _) = await AssignedAsync("关于完善社区养老服务设施的建议");
        using var co = await SignedInAsync(CoUnitEmail, Password);
        var url = $"/Unit/Suggestions/Details/{id}";

        var page = await co.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector("#reply-form"));
        Assert.Null(page.QuerySelector("#sendback-form"));
        Assert.NotNull(page.QuerySelector("#contact-form"));
        Assert.Equal("协办单位", page.QuerySelector("[data-testid=my-part]")!.TextContent.Trim());

        using var empty = await co.SubmitFormAsync(url, "#view-form", new Dictionary<string, string> { ["View.View"] = "" });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("请填写协办意见", (await HtmlForms.ParseAsync(empty)).QuerySelector("[data-valmsg-for='View.View']")!.TextContent, StringComparison.Ordinal);

        using var sent = await co.SubmitFormAsync(url, "#view-form", new Dictionary<string, string> { ["View.View"] = "同意主办单位的方案，本单位负责环境评估。" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var after = await co.GetDocumentAsync(url);
        Assert.NotNull(after.QuerySelector("[data-testid=view-sent]"));
        Assert.Equal("同意主办单位的方案，本单位负责环境评估。", after.QuerySelector("#View_View")!.TextContent);

        // A reply posted by hand with the page's own antiforgery token: the service's refusal, as a 403 page.
        var form = (IHtmlFormElement)after.QuerySelector("#view-form")!;
        var fields = HtmlForms.FieldsOf(form).Where(f => f.Key == "__RequestVerificationToken").ToList();
        fields.Add(new("Reply.Content", "协办单位想直接答复代表。"));
        fields.Add(new("Reply.Grade", nameof(AnswerResult.Solved)));
        using var content = new FormUrlEncodedContent(fields);
        using var forged = await co.PostAsync(url + "?handler=Reply", content);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        var refused = await HtmlForms.ParseAsync(forged);
        Assert.Contains("只有主办单位可以答复", refused.QuerySelector("[data-testid=suggestion-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SuggestionState.Assigned, await StateAsync(id));
    }

    [Fact]
    public async Task TheLeadUnitMustRecordAContactFirstAndABReplyNeedsItsDate()
    {
        var (id, _) = await AssignedAsync("关于加强农贸市场食品安全监管的建议");
        using var lead = await SignedInAsync("unit@liaison.demo");
        var url = $"/Unit/Suggestions/Details/{id}";
        const string Text = "已会同市场监管部门制定整改方案，明年上半年完成农贸市场改造。";

        var page = await lead.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("[data-testid=contact-first]"));
        Assert.Contains("生态环境局", page.QuerySelector("[data-testid=views-missing]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#view-form"));

        using var noContact = await lead.SubmitFormAsync(url, "#reply-form", new Dictionary<string, string> { ["Reply.Content"] = Text, ["Reply.Grade"] = nameof(AnswerResult.Solved) });
        Assert.Equal(HttpStatusCode.OK, noContact.StatusCode);
        var refused = await HtmlForms.ParseAsync(noContact);
        Assert.Contains("答复前请先登记与代表的沟通情况", refused.QuerySelector("[data-testid=suggestion-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Text, refused.QuerySelector("#Reply_Content")!.TextContent);

        using var badContact = await lead.SubmitFormAsync(url, "#contact-form", new Dictionary<string, string> { ["Contact.Note"] = "电话沟通" });
        var badPage = await HtmlForms.ParseAsync(badContact);
        Assert.Contains("请选择沟通阶段", badPage.QuerySelector("[data-valmsg-for='Contact.Stage']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("电话沟通", badPage.QuerySelector("#Contact_Note")!.TextContent);

        using var contact = await lead.SubmitFormAsync(url, "#contact-form", new Dictionary<string, string>
        {
            ["Contact.Stage"] = nameof(ContactStage.Before), ["Contact.Mode"] = nameof(ContactMode.Visit), ["Contact.Note"] = "到代表单位当面听取意见。",
        });
        Assert.Equal(HttpStatusCode.Redirect, contact.StatusCode);
        var withContact = await lead.GetDocumentAsync(url);
        Assert.Null(withContact.QuerySelector("[data-testid=contact-first]"));
        Assert.Contains("到代表单位当面听取意见。", withContact.QuerySelector("[data-testid=contacts]")!.TextContent, StringComparison.Ordinal);

        using var noDate = await lead.SubmitFormAsync(url, "#reply-form", new Dictionary<string, string> { ["Reply.Content"] = Text, ["Reply.Grade"] = nameof(AnswerResult.BeingSolved) });
        Assert.Equal(HttpStatusCode.OK, noDate.StatusCode);
        var dateMissing = await HtmlForms.ParseAsync(noDate);
        Assert.Contains("计划解决的日期", dateMissing.QuerySelector("[data-valmsg-for='Reply.PlannedOn']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Text, dateMissing.QuerySelector("#Reply_Content")!.TextContent);
        Assert.True(((IHtmlInputElement)dateMissing.QuerySelector("#grade-B")!).IsChecked);

        var planned = (await TodayAsync()).AddMonths(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var replied = await lead.SubmitFormAsync(url, "#reply-form", new Dictionary<string, string>
        {
            ["Reply.Content"] = Text, ["Reply.Grade"] = nameof(AnswerResult.BeingSolved), ["Reply.PlannedOn"] = planned,
        });
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        var done = await lead.GetDocumentAsync(url);
        Assert.Null(done.QuerySelector("#reply-form"));
        Assert.Equal("B", done.QuerySelector("[data-grade]")!.GetAttribute("data-grade"));
        Assert.Equal(SuggestionState.Replied, await StateAsync(id));
    }

    [Fact]
    public async Task TheLeadUnitSendsASuggestionBackOnlyAfterConfirmingAndOtherUnitsGet404()
    {
        var (id, _) = await AssignedAsync("关于调整公交站点位置的建议", lead: "U990102-02", co: null);
        using var lead = await SignedInAsync(CoUnitEmail, Password);
        using var other = await SignedInAsync("unit@liaison.demo");
        var url = $"/Unit/Suggestions/Details/{id}";

        using var hidden = await other.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        using var unconfirmed = await lead.SubmitFormAsync(url, "#sendback-form", new Dictionary<string, string> { ["SendBack.Reason"] = "公交站点属于交通运输局职责。" });
        var page = await HtmlForms.ParseAsync(unconfirmed);
        Assert.Contains("请勾选确认", page.QuerySelector("[data-valmsg-for='SendBack.Confirm']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("公交站点属于交通运输局职责。", page.QuerySelector("#SendBack_Reason")!.TextContent);
        Assert.Equal(SuggestionState.Assigned, await StateAsync(id));

        using var sent = await lead.SubmitFormAsync(url, "#sendback-form", new Dictionary<string, string> { ["SendBack.Reason"] = "公交站点属于交通运输局职责。", ["SendBack.Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(SuggestionState.Accepted, await StateAsync(id));
    }

    private static AngleSharp.Dom.IElement Row(AngleSharp.Dom.IDocument document, int id) =>
        document.QuerySelector($"tr[data-id='{id}']") ?? throw new InvalidOperationException($"row {id} is not in the list");

    private async Task<(int Id, string Number)> AssignedAsync(string title, string? key = null, string lead = "U990102-01", string? co = "U990102-02")
    {
        var deputyId = await portal.QueryAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync());
        var deputy = new CaseActor(StaffScope.ForDeputy(deputyId), WorkflowActor.Deputy, null, "王建华");
        var filed = await CasesAsync(c => c.SaveAsync(deputy, null, new SuggestionInput(title, title + "：现状问题突出，群众反映强烈，建议有关部门尽快研究解决。", "CJ"), [], submit: true, null));
        Assert.True(filed.Succeeded, string.Join(" ", filed.Errors.Select(e => e.Message)));
        var id = int.Parse(filed.Code!, CultureInfo.InvariantCulture);
        Assert.True((await CasesAsync(c => c.AcceptAsync(Office, id, null, null))).Succeeded);
        if (key is not null)
        {
            Assert.True((await CasesAsync(c => c.SuperviseAsync(Office, id, true, key, null))).Succeeded);
        }

        var assigned = await CasesAsync(c => c.AssignAsync(Office, id, new AssignInput(lead, co is null ? null : new[] { co }), null));
        Assert.True(assigned.Succeeded, string.Join(" ", assigned.Errors.Select(e => e.Message)));
        var number = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Number!).SingleAsync());
        return (id, number);
    }

    private Task<SuggestionState> StateAsync(int id) => portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.State).SingleAsync());

    private Task<DateOnly> TodayAsync() => Task.FromResult(ChinaTime.Today(portal.Factory.Services.GetRequiredService<TimeProvider>()));

    private Task<EditResult> CasesAsync(Func<SuggestionCases, Task<EditResult>> move) =>
        portal.WithScopeAsync(services => move(services.GetRequiredService<SuggestionCases>()));

    private async Task<HttpClient> SignedInAsync(string email, string password = "Demo-Liaison-2026")
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
