using System.Net;
using System.Text;
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

/// <summary>The congress office's suggestion pages over real HTTP, signed in as office@liaison.demo (东湖区), on the demo data.</summary>
public class OfficeSuggestionPagesTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly CaseActor Office = new(StaffScope.Everything, WorkflowActor.Office, null, "测试代表工委");

    [Fact]
    public async Task TheListFiltersByTextStateCategoryUnitKeyAndOverdueAndPagesThrough()
    {
        var ids = new List<int>();
        for (var i = 1; i <= 22; i++)
        {
            ids.Add(await FileAsync($"分页筛选测试第{i}件", i % 2 == 0 ? "JT" : "CJ"));
        }

        await AcceptAsync(ids[0]);
        Assert.True((await CasesAsync(c => c.AssignAsync(Office, ids[0], new AssignInput("U990102-03", []), null))).Succeeded);
        Assert.True((await CasesAsync(c => c.SuperviseAsync(Office, ids[1], true, "分页督办领导", null))).Succeeded);
        await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == ids[2]).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsOverdue, true)));
        using var office = await SignedInAsync("office@liaison.demo");

        var first = await office.GetDocumentAsync("/Manage/Suggestions?q=分页筛选测试");
        var second = await office.GetDocumentAsync("/Manage/Suggestions?q=分页筛选测试&page=2");
        Assert.Equal("共 22 件建议", first.QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.Equal(20, first.QuerySelectorAll(".suggestion-list tbody tr").Length);
        Assert.Equal(2, second.QuerySelectorAll(".suggestion-list tbody tr").Length);
        Assert.Contains("q=", first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Empty(first.QuerySelectorAll(".suggestion-list tbody tr").Select(r => r.GetAttribute("data-id")).Intersect(second.QuerySelectorAll(".suggestion-list tbody tr").Select(r => r.GetAttribute("data-id"))));

        // The key suggestion comes first, with its leader's name.
        Assert.Equal(ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture), first.QuerySelector(".suggestion-list tbody tr")!.GetAttribute("data-id"));
        Assert.Equal("重点督办·分页督办领导", first.QuerySelector(".suggestion-list tbody tr [data-testid=key-mark]")!.TextContent);

        Assert.Equal([ids[0]], await IdsAsync(office, "/Manage/Suggestions?q=分页筛选测试&state=Assigned"));
        Assert.Equal([ids[0]], await IdsAsync(office, "/Manage/Suggestions?q=分页筛选测试&unit=U990102-03"));
        Assert.Equal([ids[1]], await IdsAsync(office, "/Manage/Suggestions?q=分页筛选测试&key=true"));
        Assert.Equal([ids[2]], await IdsAsync(office, "/Manage/Suggestions?q=分页筛选测试&overdue=true"));
        Assert.Equal(11, (await IdsAsync(office, "/Manage/Suggestions?q=分页筛选测试&category=JT")).Count);
        var number = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == ids[5]).Select(s => s.Number!).SingleAsync());
        Assert.Equal([ids[5]], await IdsAsync(office, "/Manage/Suggestions?q=" + Uri.EscapeDataString(number)));
        var batchId = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == ids[5]).Select(s => s.BatchId!.Value).SingleAsync());
        Assert.Equal("共 22 件建议", (await office.GetDocumentAsync($"/Manage/Suggestions?q=分页筛选测试&batch={batchId}")).QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.Equal("共 0 件建议", (await office.GetDocumentAsync($"/Manage/Suggestions?q=分页筛选测试&batch={batchId + 1000}")).QuerySelector("[data-testid=result-count]")!.TextContent);

        var assignedRow = (await office.GetDocumentAsync("/Manage/Suggestions?q=分页筛选测试&state=Assigned")).QuerySelector(".suggestion-list tbody tr")!;
        Assert.Contains("东湖区教育局", assignedRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("办理中", assignedRow.QuerySelector(".badge")!.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", assignedRow.QuerySelector("[data-testid=due]")!.TextContent);

        var empty = await office.GetDocumentAsync("/Manage/Suggestions?q=没有这样的建议标题");
        Assert.Contains("没有符合条件的建议", empty.QuerySelector("[data-testid=empty-list]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCsvExportIsTheFilteredListInUtf8WithABom()
    {
        var id = await FileAsync("导出台账测试建议", "CJ");
        await FileAsync("导出台账另一件", "JT");
        using var office = await SignedInAsync("office@liaison.demo");

        var list = await office.GetDocumentAsync("/Manage/Suggestions?q=导出台账测试");
        var link = list.QuerySelector("[data-testid=export]")!.GetAttribute("href")!;
        using var response = await office.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("建议编号,标题,领衔代表,分类,状态", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines[1..]);
        var number = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Number!).SingleAsync());
        Assert.StartsWith($"{number},导出台账测试建议,王建华,城建,待审核", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOfficeAcceptsOneAndReturnsAnotherOnlyWithAReason()
    {
        var accepted = await FileAsync("审核通过测试建议");
        var returned = await FileAsync("审核退回测试建议");
        using var office = await SignedInAsync("office@liaison.demo");

        var page = $"/Manage/Suggestions/Details/{accepted}";
        var review = await office.GetDocumentAsync(page);
        Assert.Equal("待审核", review.QuerySelector("[data-testid=suggestion-state]")!.TextContent);
        Assert.NotNull(review.QuerySelector("#accept-form"));
        Assert.Null(review.QuerySelector("#assign-form"));
        Assert.Null(review.QuerySelector("#propose-form"));
        Assert.Contains("王建华", review.QuerySelector("[data-testid=lead-deputy]")!.TextContent, StringComparison.Ordinal);
        using var accept = await office.SubmitFormAsync(page, "#accept-form", new Dictionary<string, string> { ["Accept.Note"] = "内容具体，同意立案" });
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        var afterAccept = await office.GetDocumentAsync(page);
        Assert.Contains("已审核通过立案", afterAccept.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("已立案待交办", afterAccept.QuerySelector("[data-testid=suggestion-state]")!.TextContent);
        Assert.NotNull(afterAccept.QuerySelector("#propose-form"));
        Assert.NotNull(afterAccept.QuerySelector("#assign-form"));
        Assert.Null(afterAccept.QuerySelector("#accept-form"));
        Assert.Contains("内部备注：内容具体，同意立案", afterAccept.QuerySelector("[data-testid=timeline]")!.TextContent, StringComparison.Ordinal);

        var returnPage = $"/Manage/Suggestions/Details/{returned}";
        using var noReason = await office.SubmitFormAsync(returnPage, "#return-form", new Dictionary<string, string> { ["Return.Reason"] = "   " });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        var again = await HtmlForms.ParseAsync(noReason);
        Assert.Contains("请写明退回的理由", again.QuerySelector("[data-valmsg-for='Return.Reason']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SuggestionState.Submitted, await StateAsync(returned));

        using var withReason = await office.SubmitFormAsync(returnPage, "#return-form", new Dictionary<string, string> { ["Return.Reason"] = "建议内容过于笼统，请补充具体问题和措施。" });
        Assert.Equal(HttpStatusCode.Redirect, withReason.StatusCode);
        Assert.Equal(SuggestionState.Returned, await StateAsync(returned));
        var deputyView = await portal.WithScopeAsync(async s => await s.GetRequiredService<SuggestionDesk>().GetAsync(await DeputyScopeAsync(), returned));
        Assert.Contains(deputyView!.Steps, step => step.Note == "退回修改：建议内容过于笼统，请补充具体问题和措施。");
    }

    [Fact]
    public async Task ConvertingNeedsAConfirmationAndMakesAnOpinionFromTheSuggestionChannel()
    {
        var id = await FileAsync("转为群众意见测试：楼道灯坏了");
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Suggestions/Details/{id}";

        using var unconfirmed = await office.SubmitFormAsync(page, "#convert-form", new Dictionary<string, string> { ["Convert.Note"] = "属于个人诉求" });
        var again = await HtmlForms.ParseAsync(unconfirmed);
        Assert.Contains("请勾选确认", again.QuerySelector("[data-valmsg-for='Convert.Confirm']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("属于个人诉求", ((IHtmlInputElement)again.QuerySelector("#Convert_Note")!).Value);
        Assert.Equal(SuggestionState.Submitted, await StateAsync(id));

        using var converted = await office.SubmitFormAsync(page, "#convert-form", new Dictionary<string, string> { ["Convert.Note"] = "属于个人诉求", ["Convert.Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, converted.StatusCode);
        var after = await office.GetDocumentAsync(page);
        Assert.Equal("已转为群众意见", after.QuerySelector("[data-testid=suggestion-state]")!.TextContent);
        var link = after.QuerySelector("[data-testid=converted] a")!.GetAttribute("href")!;
        var code = link["/Manage/Opinions/Details/".Length..];
        var opinion = await portal.QueryAsync(db => db.Opinions.AsNoTracking().SingleAsync(o => o.TrackingCode == code));
        Assert.Equal(OpinionChannel.Suggestion, opinion.Channel);
        Assert.Equal("转为群众意见测试：楼道灯坏了", opinion.Title);
        var opinionPage = await office.GetDocumentAsync(link);
        Assert.Contains("代表建议转办", opinionPage.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOfficeProposesUnitsAndThenAssignsWithTheBatchRule()
    {
        var id = await FileAsync("拟交办后交办测试建议");
        await AcceptAsync(id);
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Suggestions/Details/{id}";

        using var noLead = await office.SubmitFormAsync(page, "#propose-form", new Dictionary<string, string> { ["Propose.CoUnitCodes"] = "U990102-02" });
        var again = await HtmlForms.ParseAsync(noLead);
        Assert.Contains("主办单位", again.QuerySelector("[data-valmsg-for='Propose.LeadUnitCode']")!.TextContent, StringComparison.Ordinal);
        Assert.True(((IHtmlInputElement)again.QuerySelector("#Propose-co-U990102-02")!).IsChecked);

        using var proposed = await office.SubmitFormAsync(page, "#propose-form", new Dictionary<string, string> { ["Propose.LeadUnitCode"] = "U990102-01", ["Propose.CoUnitCodes"] = "U990102-02" });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var shown = await office.GetDocumentAsync(page);
        Assert.Equal(2, shown.QuerySelectorAll("[data-testid=units] [data-testid=proposed]").Length);
        Assert.Equal("U990102-01", ((IHtmlSelectElement)shown.QuerySelector("#Assign_LeadUnitCode")!).Value);
        Assert.True(((IHtmlInputElement)shown.QuerySelector("#Assign-co-U990102-02")!).IsChecked);
        var today = await TodayAsync();
        var due = await portal.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<Core.Data.ApplicationDbContext>();
            var batchId = await db.Suggestions.Where(x => x.Id == id).Select(x => x.BatchId!.Value).SingleAsync();
            var batch = await db.SuggestionBatches.AsNoTracking().SingleAsync(b => b.Id == batchId);
            return await s.GetRequiredService<SuggestionCases>().DueAsync(batch, today);
        });
        var hint = shown.QuerySelector("[data-testid=default-due]")!.TextContent;
        Assert.Contains("默认：交办之日起 13 个工作日", hint, StringComparison.Ordinal);
        Assert.Contains(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), hint, StringComparison.Ordinal);

        using var assigned = await office.SubmitFormAsync(page, "#assign-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        var suggestion = await portal.QueryAsync(db => db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(SuggestionState.Assigned, suggestion.State);
        Assert.Equal(due, suggestion.DueOn);
        var units = await portal.QueryAsync(db => db.SuggestionAssignments.AsNoTracking().Where(a => a.SuggestionId == id).Select(a => new { a.HandlingUnit.Code, a.IsLead, a.AssignedAt }).ToListAsync());
        Assert.Equal(2, units.Count);
        Assert.All(units, u => Assert.NotNull(u.AssignedAt));
        Assert.Contains(units, u => u.Code == "U990102-01" && u.IsLead);
        var after = await office.GetDocumentAsync(page);
        Assert.Null(after.QuerySelector("#assign-form"));
        Assert.Empty(after.QuerySelectorAll("[data-testid=proposed]"));
    }

    [Fact]
    public async Task TheAssignmentMeetingAssignsEveryProposedSuggestionAndReportsTheOneWithout()
    {
        var first = await FileAsync("交办会测试甲");
        var second = await FileAsync("交办会测试乙");
        var without = await FileAsync("交办会测试丙（未拟交办）");
        foreach (var id in new[] { first, second, without })
        {
            await AcceptAsync(id);
        }

        Assert.True((await CasesAsync(c => c.ProposeAsync(Office, first, new AssignInput("U990102-01", ["U990102-02"]), null))).Succeeded);
        Assert.True((await CasesAsync(c => c.ProposeAsync(Office, second, new AssignInput("U990102-04", []), null))).Succeeded);
        var batchId = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == first).Select(s => s.BatchId!.Value).SingleAsync());
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Suggestions/Meeting/{batchId}";

        var meeting = await office.GetDocumentAsync(page);
        var rows = meeting.QuerySelectorAll("[data-testid=meeting-list] tbody tr");
        Assert.Contains("东湖区住房和城乡建设局", rows.Single(r => r.GetAttribute("data-id") == $"{first}").TextContent, StringComparison.Ordinal);
        Assert.Contains("东湖区生态环境局", rows.Single(r => r.GetAttribute("data-id") == $"{first}").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Manage/Suggestions/Details/{without}#propose-form", rows.Single(r => r.GetAttribute("data-id") == $"{without}").QuerySelector("[data-testid=propose-link]")!.GetAttribute("href"));
        Assert.Contains("交办之日起 13 个工作日", meeting.QuerySelector("[data-testid=default-due]")!.TextContent, StringComparison.Ordinal);
        var ready = rows.Count(r => r.QuerySelector("[data-testid=propose-link]") is null);
        Assert.Equal($"交办本批 {ready} 件", meeting.QuerySelector("#meeting-form button[type=submit]")!.TextContent);

        using var unconfirmed = await office.SubmitFormAsync(page, "#meeting-form", new Dictionary<string, string>());
        Assert.Contains("请勾选确认", (await HtmlForms.ParseAsync(unconfirmed)).QuerySelector("[data-valmsg-for='Confirm']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SuggestionState.Accepted, await StateAsync(first));

        using var held = await office.SubmitFormAsync(page, "#meeting-form", new Dictionary<string, string> { ["Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        var results = (await HtmlForms.ParseAsync(held)).QuerySelector("[data-testid=meeting-results]")!;
        Assert.Equal("已交办", results.QuerySelector($"tr[data-id='{first}'] td:last-child")!.TextContent);
        Assert.Equal("已交办", results.QuerySelector($"tr[data-id='{second}'] td:last-child")!.TextContent);
        Assert.Null(results.QuerySelector($"tr[data-id='{without}']"));
        Assert.Equal(SuggestionState.Assigned, await StateAsync(first));
        Assert.Equal(SuggestionState.Assigned, await StateAsync(second));
        Assert.Equal(SuggestionState.Accepted, await StateAsync(without));
        Assert.NotNull(await portal.QueryAsync(db => db.SuggestionBatches.Where(b => b.Id == batchId).Select(b => b.AssignedAt).SingleAsync()));

        var afterwards = await office.GetDocumentAsync(page);
        var left = afterwards.QuerySelectorAll("[data-testid=meeting-list] tbody tr");
        Assert.Contains(left, r => r.GetAttribute("data-id") == $"{without}");
        Assert.DoesNotContain(left, r => r.GetAttribute("data-id") == $"{first}" || r.GetAttribute("data-id") == $"{second}");
        Assert.All(left, r => Assert.NotNull(r.QuerySelector("[data-testid=propose-link]")));
        Assert.True(afterwards.QuerySelector("#meeting-form button[type=submit]")!.HasAttribute("disabled"));
    }

    [Fact]
    public async Task AKeySuggestionNeedsItsLeaderAndThenShowsTheNameOnTheList()
    {
        var id = await FileAsync("重点督办测试建议");
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Suggestions/Details/{id}";

        using var noLeader = await office.SubmitFormAsync(page, "#key-form", new Dictionary<string, string> { ["Key.Note"] = "涉及面广" });
        var again = await HtmlForms.ParseAsync(noLeader);
        Assert.Contains("常委会领导", again.QuerySelector("[data-valmsg-for='Key.Leader']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("涉及面广", ((IHtmlInputElement)again.QuerySelector("#Key_Note")!).Value);

        using var marked = await office.SubmitFormAsync(page, "#key-form", new Dictionary<string, string> { ["Key.Leader"] = "测试督办副主任", ["Key.Note"] = "涉及面广" });
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var list = await office.GetDocumentAsync("/Manage/Suggestions?key=true&q=重点督办测试");
        Assert.Equal("重点督办·测试督办副主任", list.QuerySelector($"tr[data-id='{id}'] [data-testid=key-mark]")!.TextContent);
        var details = await office.GetDocumentAsync(page);
        Assert.Equal("重点督办·测试督办副主任", details.QuerySelector("[data-testid=key-mark]")!.TextContent);

        using var lifted = await office.SubmitFormAsync(page, "#lift-key-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        Assert.False(await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.IsKey).SingleAsync()));
    }

    [Fact]
    public async Task AFormShownBeforeSomeoneElseMovedIsRefusedWith409AndTheMessage()
    {
        var id = await FileAsync("两人同时审核测试建议");
        using var office = await SignedInAsync("office@liaison.demo");
        var page = $"/Manage/Suggestions/Details/{id}";
        var shown = await office.GetDocumentAsync(page);
        var form = (IHtmlFormElement)shown.QuerySelector("#return-form")!;
        var fields = HtmlForms.FieldsOf(form).Where(f => f.Key != "Return.Reason").Append(new("Return.Reason", "请补充数据")).ToList();

        await AcceptAsync(id);
        using var stale = await office.PostAsync(form.Action, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var again = await HtmlForms.ParseAsync(stale);
        Assert.Contains(SuggestionCases.ChangedMessage, again.QuerySelector("[data-testid=case-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("已立案待交办", again.QuerySelector("[data-testid=suggestion-state]")!.TextContent);
        Assert.Equal(SuggestionState.Accepted, await StateAsync(id));
    }

    [Theory]
    [InlineData("station@liaison.demo", "/Manage/Suggestions")]
    [InlineData("station@liaison.demo", "/Manage/Suggestions/Batches")]
    [InlineData("unit@liaison.demo", "/Manage/Suggestions")]
    [InlineData("deputy@liaison.demo", "/Manage/Suggestions/Batches")]
    public async Task AccountsOutsideTheCongressOfficeAreSentToAccessDenied(string email, string url)
    {
        using var client = await SignedInAsync(email);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StationAndUnitStaffCannotOpenOrMoveASuggestionOrTheMeeting()
    {
        var id = await FileAsync("越权访问测试建议");
        var batchId = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.BatchId!.Value).SingleAsync());
        foreach (var email in new[] { "station@liaison.demo", "unit@liaison.demo" })
        {
            using var client = await SignedInAsync(email);
            using var details = await client.GetAsync($"/Manage/Suggestions/Details/{id}");
            using var meeting = await client.GetAsync($"/Manage/Suggestions/Meeting/{batchId}");
            Assert.Equal(HttpStatusCode.Redirect, details.StatusCode);
            Assert.Contains("/Account/AccessDenied", details.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, meeting.StatusCode);
        }

        Assert.Equal(SuggestionState.Submitted, await StateAsync(id));
    }

    [Fact]
    public async Task AnotherDistrictsOfficeFindsNeitherTheSuggestionNorTheBatch()
    {
        var id = await FileAsync("跨区访问测试建议");
        var batchId = await portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.BatchId!.Value).SingleAsync());
        await portal.CreateUserAsync(new NewStaffAccount("xishan-office@liaison.test", "Xishan-Desk-2026", Roles.CongressStaff, RegionCode: "990103", DisplayName: "西山区代表工委"));
        using var own = await SignedInAsync("office@liaison.demo");
        var form = (IHtmlFormElement)(await own.GetDocumentAsync($"/Manage/Suggestions/Details/{id}")).QuerySelector("#accept-form")!;
        using var other = await SignedInAsync("xishan-office@liaison.test", "Xishan-Desk-2026");

        using var details = await other.GetAsync($"/Manage/Suggestions/Details/{id}");
        using var meeting = await other.GetAsync($"/Manage/Suggestions/Meeting/{batchId}");
        using var batch = await other.GetAsync($"/Manage/Suggestions/Batches/{batchId}");
        var list = await other.GetDocumentAsync("/Manage/Suggestions?q=跨区访问测试");
        var otherToken = (await other.GetDocumentAsync("/Manage/Suggestions/Batches")).QuerySelector("#batch-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = HtmlForms.FieldsOf(form).Select(f => f.Key == "__RequestVerificationToken" ? new KeyValuePair<string, string>(f.Key, otherToken) : f).ToList();
        using var accept = await other.PostAsync(form.Action, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, meeting.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, batch.StatusCode);
        Assert.Equal("共 0 件建议", list.QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        Assert.Equal(SuggestionState.Submitted, await StateAsync(id));

        // The administrator's scope is everything: the same suggestion and batch open.
        using var admin = await SignedInAsync("admin@liaison.demo");
        Assert.NotNull((await admin.GetDocumentAsync($"/Manage/Suggestions/Details/{id}")).QuerySelector("#accept-form"));
        Assert.NotNull((await admin.GetDocumentAsync($"/Manage/Suggestions/Meeting/{batchId}")).QuerySelector("h1"));
    }

    [Fact]
    public async Task TheBatchFormWantsExactlyOneDeadlineAUniqueNameNoOverlapAndARegionInScope()
    {
        using var office = await SignedInAsync("office@liaison.demo");
        const string Page = "/Manage/Suggestions/Batches";
        var list = await office.GetDocumentAsync(Page);
        Assert.Contains("闭会期间", list.QuerySelector("[data-testid=batch-list]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("交办之日起 13 个工作日", list.QuerySelector("[data-testid=batch-list]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("990102", ((IHtmlSelectElement)list.QuerySelector("#Input_RegionCode")!).Value);
        Assert.Null(list.QuerySelector("#Input_RegionCode option[value='990103']"));

        var both = await PostBatchAsync(office, "2031", "Session", "第1次会议", "2031-01-06", "2031-01-09", "3", "13");
        Assert.Contains("只填一种", both.QuerySelector("[data-valmsg-for='Input.DeadlineMonths']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("第1次会议", ((IHtmlInputElement)both.QuerySelector("#Input_Name")!).Value);
        Assert.Equal("2031-01-06", ((IHtmlInputElement)both.QuerySelector("#Input_OpensOn")!).Value);
        var neither = await PostBatchAsync(office, "2031", "Session", "第1次会议", "2031-01-06", "2031-01-09", "", "");
        Assert.Contains("二选一", neither.QuerySelector("[data-valmsg-for='Input.DeadlineMonths']")!.TextContent, StringComparison.Ordinal);
        var backwards = await PostBatchAsync(office, "2031", "Session", "第1次会议", "2031-01-09", "2031-01-06", "3", "");
        Assert.Contains("不能早于开始日期", backwards.QuerySelector("[data-valmsg-for='Input.ClosesOn']")!.TextContent, StringComparison.Ordinal);
        var elsewhere = await PostBatchAsync(office, "2031", "Session", "第1次会议", "2031-01-06", "2031-01-09", "3", "", region: "990103");
        Assert.Contains("不在您的管理范围内", elsewhere.QuerySelector("[data-valmsg-for='Input.RegionCode']")!.TextContent, StringComparison.Ordinal);

        using var created = await office.SubmitFormAsync(Page, "#batch-form", BatchFields("2031", "Session", "第1次会议", "2031-01-06", "2031-01-09", "3", ""));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var batch = await portal.QueryAsync(db => db.SuggestionBatches.AsNoTracking().SingleAsync(b => b.Year == 2031 && b.Name == "第1次会议"));
        Assert.Equal(3, batch.DeadlineMonths);
        Assert.Null(batch.DeadlineWorkingDays);
        var audited = await portal.QueryAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(SuggestionBatch) && a.Action == "Added").Select(a => a.Changes).ToListAsync());
        Assert.Contains(audited, changes => changes.Contains("2031", StringComparison.Ordinal) && changes.Contains("第1次会议", StringComparison.Ordinal));

        var duplicate = await PostBatchAsync(office, "2031", "Session", "第1次会议", "2031-03-01", "2031-03-05", "3", "");
        Assert.Contains("已有名为“第1次会议”的批次", duplicate.QuerySelector("[data-valmsg-for='Input.Name']")!.TextContent, StringComparison.Ordinal);
        var overlap = await PostBatchAsync(office, "2031", "Session", "第2次会议", "2031-01-08", "2031-01-12", "3", "");
        Assert.Contains("时间重叠", overlap.QuerySelector("[data-valmsg-for='Input.OpensOn']")!.TextContent, StringComparison.Ordinal);
        using var interim = await office.SubmitFormAsync(Page, "#batch-form", BatchFields("2031", "Interim", "闭会期间", "2031-01-01", "2031-12-31", "", "13"));
        Assert.Equal(HttpStatusCode.Redirect, interim.StatusCode);

        var editPage = $"{Page}/{batch.Id}";
        var edit = await office.GetDocumentAsync(editPage);
        Assert.Equal("第1次会议", ((IHtmlInputElement)edit.QuerySelector("#Input_Name")!).Value);
        using var changed = await office.SubmitFormAsync(editPage, "#batch-form", new Dictionary<string, string> { ["Input.DeadlineMonths"] = "", ["Input.DeadlineWorkingDays"] = "20" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(20, await portal.QueryAsync(db => db.SuggestionBatches.Where(b => b.Id == batch.Id).Select(b => b.DeadlineWorkingDays).SingleAsync()));

        var staleForm = (IHtmlFormElement)(await office.GetDocumentAsync(editPage)).QuerySelector("#batch-form")!;
        using var first = await office.SubmitFormAsync(editPage, "#batch-form", new Dictionary<string, string> { ["Input.ClosesOn"] = "2031-01-10" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var stale = await office.PostAsync(editPage, new FormUrlEncodedContent(HtmlForms.FieldsOf(staleForm)));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("刚被其他人修改过", (await HtmlForms.ParseAsync(stale)).QuerySelector("[data-testid=form-message]")!.TextContent, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> BatchFields(string year, string kind, string name, string opens, string closes, string months, string days, string region = "990102") => new()
    {
        ["Input.RegionCode"] = region,
        ["Input.Year"] = year,
        ["Input.Kind"] = kind,
        ["Input.Name"] = name,
        ["Input.OpensOn"] = opens,
        ["Input.ClosesOn"] = closes,
        ["Input.DeadlineMonths"] = months,
        ["Input.DeadlineWorkingDays"] = days,
    };

    private static async Task<IHtmlDocument> PostBatchAsync(HttpClient client, string year, string kind, string name, string opens, string closes, string months, string days, string region = "990102")
    {
        using var response = await client.SubmitFormAsync("/Manage/Suggestions/Batches", "#batch-form", BatchFields(year, kind, name, opens, closes, months, days, region));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlForms.ParseAsync(response);
    }

    private static async Task<List<int>> IdsAsync(HttpClient client, string url) =>
        (await client.GetDocumentAsync(url)).QuerySelectorAll(".suggestion-list tbody tr")
            .Select(r => int.Parse(r.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private async Task<int> FileAsync(string title, string category = "CJ")
    {
        var deputy = new CaseActor(await DeputyScopeAsync(), WorkflowActor.Deputy, null, "王建华");
        var filed = await CasesAsync(c => c.SaveAsync(deputy, null, new SuggestionInput(title, "这是一件用于测试代表工委页面的代表建议，内容写明了问题、原因和具体建议。", category), [], submit: true, null));
        Assert.True(filed.Succeeded, string.Join(" ", filed.Errors.Select(e => e.Message)));
        return int.Parse(filed.Code!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AcceptAsync(int id) => Assert.True((await CasesAsync(c => c.AcceptAsync(Office, id, null, null))).Succeeded);

    private Task<EditResult> CasesAsync(Func<SuggestionCases, Task<EditResult>> move) =>
        portal.WithScopeAsync(services => move(services.GetRequiredService<SuggestionCases>()));

    private async Task<StaffScope> DeputyScopeAsync() =>
        StaffScope.ForDeputy(await portal.QueryAsync(db => db.Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync()));

    private Task<SuggestionState> StateAsync(int id) =>
        portal.QueryAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.State).SingleAsync());

    private Task<DateOnly> TodayAsync() =>
        portal.WithScopeAsync(s => Task.FromResult(ChinaTime.Today(s.GetRequiredService<TimeProvider>())));

    private async Task<HttpClient> SignedInAsync(string email, string password = "Demo-Liaison-2026")
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

/// <summary>The demo data set's suggestions, on a database of their own (the other tests move suggestions of the demo batch).</summary>
public class OfficeSuggestionDemoTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task TheDemoDataHasASuggestionAtEachStageOfTheOfficesWork()
    {
        using var office = await SignedInAsync("office@liaison.demo");

        var list = await office.GetDocumentAsync("/Manage/Suggestions?q=" + Uri.EscapeDataString("关于"));
        var text = list.QuerySelector(".suggestion-list")!.TextContent;

        foreach (var state in new[] { "待审核", "已立案待交办", "办理中", "已答复待评价", "已办结" })
        {
            Assert.Contains(state, text, StringComparison.Ordinal);
        }

        Assert.Contains("重点督办·张志国副主任", text, StringComparison.Ordinal);
        var closed = await portal.QueryAsync(db => db.Suggestions.AsNoTracking().Include(s => s.Events).SingleAsync(s => s.Title == "关于增设湖滨街道公共停车位的建议"));
        Assert.Equal(SuggestionState.Closed, closed.State);
        Assert.Equal(
            [SuggestionAction.Submit, SuggestionAction.Accept, SuggestionAction.Assign, SuggestionAction.Contact, SuggestionAction.Contact, SuggestionAction.Reply, SuggestionAction.Evaluate],
            closed.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => Enum.Parse<SuggestionAction>(e.Action)));
        var details = await office.GetDocumentAsync($"/Manage/Suggestions/Details/{closed.Id}");
        Assert.Contains("A 类（已解决或采纳）", details.QuerySelector("[data-testid=grade]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("满意", details.QuerySelector("[data-testid=ratings]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, details.QuerySelectorAll("[data-testid=contacts] li").Length);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
