using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Pages.Manage;

/// <summary>The reception log's pages through their real forms: the day, the print, the ledger downloads, and the scope.</summary>
public class ReceptionLogTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Station = "990102001-01";

    [Fact]
    public async Task StationStaffWorkADayThroughTheFormsAndTheClosedLogIsReadOnly()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var list = await client.GetDocumentAsync("/Manage/ReceptionLogs");
        Assert.NotNull(list.QuerySelector("#open-form"));

        using var opened = await client.SubmitFormAsync("/Manage/ReceptionLogs", "#open-form", new Dictionary<string, string>
        {
            ["Input.Mode"] = nameof(ReceptionMode.Visit),
            ["Input.Date"] = Day(1),
            ["Input.Place"] = "柳岸社区活动室",
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var url = opened.Headers.Location!.OriginalString;
        Assert.Matches("^/Manage/ReceptionLogs/[0-9]+$", url);

        using var checkIn = await client.SubmitFormAsync(url, "#checkin-form", new Dictionary<string, string> { ["deputyCode"] = "D0004" });
        using var twice = await client.SubmitFormAsync(url, "#checkin-code-form", new Dictionary<string, string> { ["deputyCode"] = "D0004" });
        using var opinion = await client.SubmitFormAsync(url, "#opinion-form", new Dictionary<string, string>
        {
            ["Opinion.Content"] = "希望在柳岸社区增设一处老年助餐点。",
            ["Opinion.Name"] = "张大爷",
        });
        using var counts = await client.SubmitFormAsync(url, "#counts-form", new Dictionary<string, string>
        {
            ["Counts.PeopleReceived"] = "4",
            ["Counts.SolvedOnSpot"] = "2",
            ["Counts.Summary"] = "走访柳岸社区，听取居民对助餐点的意见。",
        });
        using var unconfirmed = await client.SubmitFormAsync(url, "#close-form", new Dictionary<string, string>());
        using var closed = await client.SubmitFormAsync(url, "#close-form", new Dictionary<string, string> { ["Closing.Confirm"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, checkIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Contains("已经签到过了", (await HtmlForms.ParseAsync(twice)).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, opinion.StatusCode);
        var registered = await HtmlForms.ParseAsync(opinion);
        var code = registered.QuerySelector("[data-testid=saved-code]")!.TextContent.Replace("-", "", StringComparison.Ordinal);
        Assert.NotNull(registered.QuerySelector("[data-testid=saved-secret]"));
        Assert.Equal(string.Empty, ((IHtmlTextAreaElement)registered.QuerySelector("#Opinion_Content")!).Value);
        Assert.Equal(HttpStatusCode.Redirect, counts.StatusCode);
        Assert.Contains("请勾选确认", (await HtmlForms.ParseAsync(unconfirmed)).QuerySelector("[data-valmsg-for='Closing.Confirm']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        var page = await client.GetDocumentAsync(url);
        Assert.Equal("已关闭", page.QuerySelector("[data-testid=log-state]")!.TextContent);
        Assert.Null(page.QuerySelector("#opinion-form"));
        Assert.Null(page.QuerySelector("#checkin-form"));
        Assert.Null(page.QuerySelector("#close-form"));
        var opinionRow = await portal.QueryAsync(db => db.Opinions.AsNoTracking().SingleAsync(o => o.TrackingCode == code));
        var logId = int.Parse(url.Split('/').Last(), CultureInfo.InvariantCulture);
        Assert.Equal((OpinionChannel.Reception, (int?)logId, "希望在柳岸社区增设一处老年助餐点"), (opinionRow.Channel, opinionRow.ReceptionLogId, opinionRow.Title));

        var print = await client.GetDocumentAsync(url + "/Print");
        var sheet = print.QuerySelector("[data-testid=ledger-sheet]")!.TextContent;
        Assert.Contains("王建华", sheet, StringComparison.Ordinal);
        Assert.Contains("走访", sheet, StringComparison.Ordinal);
        Assert.Contains(Core.Citizens.TrackingCodes.Display(code), sheet, StringComparison.Ordinal);
        Assert.Contains("站长审核（签字）", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaleCountsFormComesBackWithTheMessageAndWhatWasTyped()
    {
        using var first = await SignedInAsync("station@liaison.demo");
        using var second = await SignedInAsync("office@liaison.demo");
        var url = await OpenAsync(first, Day(2));
        var stale = await first.GetDocumentAsync(url);
        var fields = HtmlForms.FieldsOf((IHtmlFormElement)stale.QuerySelector("#counts-form")!)
            .Select(f => f.Key == "Counts.Summary" ? new KeyValuePair<string, string>(f.Key, "第一个人写的小结") : f).ToList();

        using var saved = await second.SubmitFormAsync(url, "#counts-form", new Dictionary<string, string> { ["Counts.PeopleReceived"] = "3" });
        using var response = await first.PostAsync(url + "?handler=Update", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("刚被其他人修改过", page.QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("第一个人写的小结", page.QuerySelector("#Counts_Summary")!.TextContent.Trim());
    }

    [Fact]
    public async Task APhotoIsUploadedThroughTheFormAndShownOnlyInScope()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var url = await OpenAsync(client, Day(3));
        var page = await client.GetDocumentAsync(url);
        var token = page.QuerySelector("#photo-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(png), "photo", "reception.png" },
        };
        using var uploaded = await client.PostAsync(url + "?handler=Photo", form);

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var img = (await client.GetDocumentAsync(url)).QuerySelector("#photos img")!.GetAttribute("src")!;
        using var photo = await client.GetAsync(img);
        Assert.Equal("image/png", photo.Content.Headers.ContentType!.MediaType);
        Assert.True(photo.Headers.CacheControl!.NoStore);
        // It shows the people received: the fetch is in the audit log with who fetched it.
        var logId = url.Split('/')[^1];
        var station = (await portal.FindUserAsync("station@liaison.demo"))!.Id;
        Assert.Equal(1, await portal.QueryAsync(db => db.AuditEntries.CountAsync(a =>
            a.Kind == Core.Auditing.AuditKind.Download && a.EntityType == "ReceptionLog" && a.EntityKey == logId && a.Action == "LogPhotoShown" && a.ActorId == station)));
        using var other = await SignedInAsync("unit@liaison.demo");
        using var refused = await other.GetAsync(img);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(1, await portal.QueryAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == "ReceptionLog" && a.EntityKey == logId && a.Action == "LogPhotoShown")));
    }

    [Fact]
    public async Task AnotherDistrictsLogAndLedgerAnswerNotFound()
    {
        var elsewhere = await portal.WithScopeAsync(async s =>
        {
            var result = await s.GetRequiredService<Core.Reception.ReceptionLogs>().OpenAsync(
                new CaseActor(StaffScope.Everything, WorkflowActor.Office, null, "管理员"), new LogOpenInput("990103001-01", Day(4), ReceptionMode.AtStation, null));
            return result.Code!;
        });
        using var station = await SignedInAsync("station@liaison.demo");
        using var office = await SignedInAsync("office@liaison.demo");

        foreach (var client in new[] { station, office })
        {
            using var day = await client.GetAsync($"/Manage/ReceptionLogs/{elsewhere}");
            using var print = await client.GetAsync($"/Manage/ReceptionLogs/{elsewhere}/Print");
            using var ledger = await client.GetAsync("/Manage/ReceptionLogs/Ledger?handler=Csv&station=990103001-01&period=2026");
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (day.StatusCode, print.StatusCode, ledger.StatusCode));
        }
    }

    [Fact]
    public async Task TheLedgerDownloadsAsCsvWithBomAndAsXlsx()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        var url = await OpenAsync(client, "2025-06-17");
        await client.SubmitFormAsync(url, "#checkin-form", new Dictionary<string, string> { ["deputyCode"] = "D0011" });

        var page = await client.GetDocumentAsync("/Manage/ReceptionLogs/Ledger?period=2025-06");
        using var csv = await client.GetAsync(page.QuerySelector("#download-csv")!.GetAttribute("href")!);
        using var xlsx = await client.GetAsync(page.QuerySelector("#download-xlsx")!.GetAttribute("href")!);

        Assert.Single(page.QuerySelectorAll("#ledger tbody tr"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"reception-ledger-{Station}-2025-06.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Contains("2025-06-17,990102001-01,湖滨街道人大代表之家,进站接待,,许静,0,0,", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("许静", rows[1].Elements<Cell>().ElementAt(5).InnerText);
    }

    private static string Day(int daysAgo) =>
        Core.Calendar.ChinaTime.Today(TimeProvider.System).AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> OpenAsync(HttpClient client, string date)
    {
        using var opened = await client.SubmitFormAsync("/Manage/ReceptionLogs", "#open-form", new Dictionary<string, string> { ["Input.Date"] = date });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return opened.Headers.Location!.OriginalString;
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
