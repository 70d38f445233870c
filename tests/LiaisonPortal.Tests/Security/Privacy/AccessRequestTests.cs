using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Cli;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Privacy;

/// <summary>
/// The access-request export (查阅申请) and the citizen's side of retention, over real HTTP: the office's printable page
/// and its JSON, CSV and workbook hold everything about the code and nothing about other cases, answer 404 outside the
/// office's scope, are audited as an export and a reveal, and show the anonymised state once the period ran out; the
/// tracking page answers an anonymised code in plain words; the citizen downloads their own data after the proof; the
/// command line's dry run counts.
/// </summary>
[Trait("Category", "Security")]
public sealed class AccessRequestTests : IClassFixture<DemoDatabaseFixture>, IAsyncLifetime
{
    private const string Office = "office@liaison.demo";
    private readonly DemoDatabaseFixture _database;
    private readonly AdjustableClock _clock = new();
    private readonly PortalFactory _factory;
    private readonly PrivacyCases _cases;
    private readonly DateTimeOffset _now;

    public AccessRequestTests(DemoDatabaseFixture database)
    {
        _database = database;
        _now = _clock.GetUtcNow();
        _factory = new PortalFactory(database.ConnectionString, configure: b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(_clock)));
        _cases = new PrivacyCases(_factory.Services, _clock);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task TheOfficesExportHoldsEverythingAboutTheCodeAndNothingAboutOthersAndIsAudited()
    {
        var phone = PrivacyCases.NewPhone();
        var code = await _cases.ClosedAsync(_now.AddDays(-10), "查阅申请：路灯", "孙十", phone, answer: "东湖路路灯已更换灯泡。");
        var otherPhone = PrivacyCases.NewPhone();
        var other = await _cases.SubmitAsync(_now.AddDays(-9), "查阅申请：别人的意见", "钱十一", otherPhone);
        _clock.Set(_now);
        using var client = await SignedInAsync(Office);

        using var page = await client.GetAsync($"/Manage/Opinions/AccessRequest/{code}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = await HtmlForms.ParseAsync(page);
        var text = document.QuerySelector("[data-testid=access-report]")!.TextContent;
        foreach (var expected in new[]
                 {
                     TrackingCodes.Display(code), "孙十", phone, "查阅申请：路灯", "这是一条用于测试个人信息保留期限的群众意见", "东湖路路灯已更换灯泡。",
                     "您反映的问题已解决：东湖路路灯已更换灯泡。", PrivacyCases.Satisfied, "您的意见已收到", "导出个人信息（查阅申请）",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        foreach (var foreign in new[] { "钱十一", otherPhone, "查阅申请：别人的意见", TrackingCodes.Display(other) })
        {
            Assert.DoesNotContain(foreign, text, StringComparison.Ordinal);
        }

        // JSON: the record itself, every part named.
        using var json = await client.GetAsync($"/Manage/Opinions/AccessRequest/{code}?handler=Json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        using (var report = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            var root = report.RootElement;
            Assert.Equal(code, root.GetProperty("Code").GetString());
            Assert.Equal("孙十", root.GetProperty("Contact").GetProperty("Name").GetString());
            Assert.Equal(phone, root.GetProperty("Contact").GetProperty("Phone").GetString());
            Assert.Equal("Closed", root.GetProperty("Opinion").GetProperty("State").GetString());
            Assert.Contains(root.GetProperty("Steps").EnumerateArray(), s => s.GetProperty("Action").GetString() == "FeedBack");
            Assert.DoesNotContain(root.GetProperty("Steps").EnumerateArray(), s => s.GetProperty("Action").GetString() == "Supervise");
            Assert.Equal("东湖路路灯已更换灯泡。", root.GetProperty("Answers")[0].GetProperty("Answer").GetString());
            Assert.Equal(PrivacyCases.Satisfied, root.GetProperty("Ratings")[0].GetProperty("Comment").GetString());
            Assert.Contains(root.GetProperty("Messages").EnumerateArray(), m => m.GetProperty("Kind").GetString() == "opinion.received");
            Assert.All(root.GetProperty("Messages").EnumerateArray(), m => Assert.Contains(TrackingCodes.Display(code), m.GetProperty("Body").GetString(), StringComparison.Ordinal));
            Assert.DoesNotContain(otherPhone, root.GetRawText(), StringComparison.Ordinal);
        }

        // CSV and a workbook, one line per fact.
        using var csv = await client.GetAsync($"/Manage/Opinions/AccessRequest/{code}?handler=Export&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var csvText = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains(phone, csvText, StringComparison.Ordinal);
        Assert.Contains("东湖路路灯已更换灯泡。", csvText, StringComparison.Ordinal);
        Assert.DoesNotContain("钱十一", csvText, StringComparison.Ordinal);
        using var xlsx = await client.GetAsync($"/Manage/Opinions/AccessRequest/{code}?handler=Export&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);

        // Every view and download: an export and a reveal of the number, by the office account.
        var entries = await _cases.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityKey == code && e.EntityType == "Opinion").ToListAsync());
        Assert.Equal(4, entries.Count(e => e.Kind == AuditKind.Export && e.Action == CitizenDataExport.AuditAction));
        Assert.Equal(4, entries.Count(e => e.Kind == AuditKind.Reveal && e.Action == "RevealPhone"));
        Assert.All(entries.Where(e => e.Action == CitizenDataExport.AuditAction), e => Assert.NotNull(e.ActorId));
        Assert.All(entries, e => Assert.DoesNotContain(phone, e.Changes, StringComparison.Ordinal));

        // The case page offers it to the office.
        var casePage = await client.GetDocumentAsync($"/Manage/Opinions/Details/{code}");
        Assert.Equal($"/Manage/Opinions/AccessRequest/{code}", casePage.QuerySelector("[data-testid=access-request]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task OutsideTheOfficesScopeEveryFormAnswers404AndAStationsStaffAreKeptOut()
    {
        var foreign = await _cases.SubmitAsync(_now.AddDays(-3), "查阅申请：西山区的意见", "韩十二", PrivacyCases.NewPhone(), PrivacyCases.OtherDistrictStation);
        var own = await _cases.SubmitAsync(_now.AddDays(-3), "查阅申请：东湖区的意见", "杨十三", PrivacyCases.NewPhone());
        _clock.Set(_now);
        using var office = await SignedInAsync(Office);
        foreach (var suffix in new[] { string.Empty, "?handler=Json", "?handler=Export&format=csv", "?handler=Export&format=xlsx" })
        {
            using var response = await office.GetAsync($"/Manage/Opinions/AccessRequest/{foreign}{suffix}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using var unknown = await office.GetAsync($"/Manage/Opinions/AccessRequest/ABCDEFGHJK{suffix}");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        Assert.Equal(0, await _cases.DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityKey == foreign && (e.Kind == AuditKind.Export || e.Kind == AuditKind.Reveal))));
        using (var mine = await office.GetAsync($"/Manage/Opinions/AccessRequest/{own}"))
        {
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode); // not vacuous: the same account opens its own district's case
        }

        using var station = await SignedInAsync("station@liaison.demo");
        using var refused = await station.GetAsync($"/Manage/Opinions/AccessRequest/{own}?handler=Json");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.ToString().Contains("AccessDenied", StringComparison.Ordinal) == true,
            $"a station's staff got {(int)refused.StatusCode}");
        var casePage = await station.GetDocumentAsync($"/Manage/Opinions/Details/{own}");
        Assert.Null(casePage.QuerySelector("[data-testid=access-request]"));
    }

    [Fact]
    public async Task AfterAnonymisationTheTrackPageSaysSoKindlyAndTheExportShowsTheAnonymisedState()
    {
        var closedAt = _now.AddDays(-800);
        var phone = PrivacyCases.NewPhone();
        var code = await _cases.ClosedAsync(closedAt, "查阅申请：早已办结", "朱十四", phone);
        var (anonymous, secret) = await _cases.SubmitAnonymousAsync(closedAt.AddDays(-5), "查阅申请：匿名提交");
        await _cases.ScopeAsync(s => s.GetRequiredService<Core.Opinions.OpinionCases>().RefuseAsync(
            new Core.Opinions.CaseActor(Core.Accounts.StaffScope.Everything, Core.Workflow.WorkflowActor.Office, null, "东湖区代表工委"), anonymous, "不属于受理范围。", null));
        var result = await _cases.RunAsync(_now);
        Assert.True(result.Opinions >= 2);

        using var citizen = _factory.CreateBrowserLikeClient();
        var answers = new List<string>();
        foreach (var proof in new[] { phone[^4..], "0000" })
        {
            using var response = await citizen.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = TrackingCodes.Display(code), ["Proof"] = proof });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var notice = (await HtmlForms.ParseAsync(response)).QuerySelector("[data-testid=anonymised-notice]");
            Assert.NotNull(notice);
            Assert.Contains("个人信息已按规定匿名化", notice!.TextContent, StringComparison.Ordinal);
            Assert.Contains(ChinaTime.Of(_now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), notice.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("查阅申请：早已办结", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            answers.Add(notice.TextContent);
        }

        Assert.Single(answers.Distinct()); // the same answer whatever proof was typed
        using (var unknown = await citizen.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = "ABCDE-FGHJK", ["Proof"] = "1234" }))
        {
            Assert.Contains("没有找到", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // An anonymous submission's secret is not personal data: it still opens the case.
        using (var bySecret = await citizen.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = anonymous, ["Proof"] = secret }))
        {
            Assert.Contains("查阅申请：匿名提交", await bySecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var office = await SignedInAsync(Office);
        var page = await office.GetDocumentAsync($"/Manage/Opinions/AccessRequest/{code}");
        Assert.NotNull(page.QuerySelector("[data-testid=anonymised]"));
        var text = page.QuerySelector("[data-testid=access-report]")!.TextContent;
        Assert.Contains(CitizenDataRetention.AnonymisedName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("朱十四", text, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, text, StringComparison.Ordinal);
        Assert.Contains("查阅申请：早已办结", text, StringComparison.Ordinal); // the case itself stays
        using var json = await office.GetAsync($"/Manage/Opinions/AccessRequest/{code}?handler=Json");
        using var report = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("Contact").GetProperty("Phone").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, report.RootElement.GetProperty("Contact").GetProperty("AnonymisedAt").ValueKind);
        // Nothing to reveal any more: the exports are recorded, no reveal is.
        Assert.Equal(0, await _cases.DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityKey == code && e.Kind == AuditKind.Reveal)));
        Assert.Equal(2, await _cases.DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityKey == code && e.Action == CitizenDataExport.AuditAction)));
    }

    [Fact]
    public async Task TheCitizenDownloadsTheirOwnDataAfterTheProofWithThePhoneMasked()
    {
        var phone = PrivacyCases.NewPhone();
        var code = await _cases.ClosedAsync(_now.AddDays(-5), "查阅申请：我自己的数据", "秦十五", phone);
        _clock.Set(_now);
        using var citizen = _factory.CreateBrowserLikeClient();
        using var lookup = await citizen.SubmitFormAsync("/track", "form", new Dictionary<string, string> { ["Code"] = code, ["Proof"] = phone[^4..] });
        var form = (IHtmlFormElement)(await HtmlForms.ParseAsync(lookup)).QuerySelector("[data-testid=download-mine]")!;

        using var download = await PostAsync(citizen, form, "json");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Contains("attachment", download.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        using (var report = JsonDocument.Parse(await download.Content.ReadAsStringAsync()))
        {
            Assert.Equal("秦十五", report.RootElement.GetProperty("Contact").GetProperty("Name").GetString());
            Assert.Equal(CitizenPhones.Mask(phone), report.RootElement.GetProperty("Contact").GetProperty("Phone").GetString());
            Assert.Equal("查阅申请：我自己的数据", report.RootElement.GetProperty("Opinion").GetProperty("Title").GetString());
            Assert.DoesNotContain(phone, report.RootElement.GetRawText(), StringComparison.Ordinal);
        }

        using var csv = await PostAsync(citizen, form, "csv");
        Assert.Contains("查阅申请：我自己的数据", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        // A wrong proof gets the lookup's "not found", no file.
        var fields = HtmlForms.FieldsOf(form).Where(f => f.Key != "Proof").Append(new("Proof", "0000")).Append(new("Format", "json")).ToList();
        using var wrong = await citizen.PostAsync("/track?handler=Download", new FormUrlEncodedContent(fields));
        Assert.Equal("text/html", wrong.Content.Headers.ContentType!.MediaType);
        Assert.Contains("没有找到", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var exports = await _cases.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityKey == code && e.Action == CitizenDataExport.AuditAction).ToListAsync());
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Null(e.ActorId));
    }

    [Fact]
    public async Task TheCommandLineDryRunCountsAndTheRunAnonymises()
    {
        var closedAt = new DateTimeOffset(2019, 2, 1, 10, 0, 0, ChinaTime.Offset);
        var phone = PrivacyCases.NewPhone();
        var code = await _cases.RefusedAsync(closedAt, "命令行：匿名化", "尤十六", phone);
        var at = closedAt.AddDays(PrivacyOptions.DefaultDays + 1);
        var expected = await _cases.RunAsync(at, dryRun: true);
        Assert.True(expected.Opinions >= 1);

        var (exit, output, error) = await CliAsync(at, "anonymise", "--dry-run");
        Assert.True(exit == 0, error);
        Assert.Contains($"would anonymise {expected.Opinions} opinions, {expected.Appointments} appointments, {expected.Messages} message recipients", output, StringComparison.Ordinal);
        Assert.NotNull((await _cases.OpinionAsync(code)).PhoneCipher);

        (exit, output, error) = await CliAsync(at, "anonymise");
        Assert.True(exit == 0, error);
        Assert.Contains($"Anonymised {expected.Opinions} opinions", output, StringComparison.Ordinal);
        Assert.Null((await _cases.OpinionAsync(code)).PhoneCipher);
        Assert.DoesNotContain(phone, output, StringComparison.Ordinal);

        (exit, _, error) = await CliAsync(at, "anonymise", "--now");
        Assert.Equal(2, exit);
        Assert.Contains("--dry-run", error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> CliAsync(DateTimeOffset at, params string[] args)
    {
        var clock = new AdjustableClock();
        clock.Set(at);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommandLine.RunAsync(args, output, error, builder =>
        {
            builder.Configuration["ConnectionStrings:Liaison"] = _database.ConnectionString;
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlFormElement form, string format)
    {
        var fields = HtmlForms.FieldsOf(form).Append(new("Format", format)).ToList();
        return await client.PostAsync("/track?handler=Download", new FormUrlEncodedContent(fields));
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _factory.CreateBrowserLikeClient();
        using var signIn = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }
}
