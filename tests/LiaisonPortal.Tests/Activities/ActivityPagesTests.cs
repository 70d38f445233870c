using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Activities;

/// <summary>Recording an activity over real HTTP: the form's messages, the evidence's way to the details page and the download, who may download it, the ledger export.</summary>
public class ActivityPagesTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string NewPage = "/Manage/Activities/Edit";

    [Fact]
    public async Task BadInputComesBackWithMessagesNextToTheFieldsAndEverythingTypedKept()
    {
        using var staff = await SignedInAsync("station@liaison.demo");
        var tomorrow = Day(ChinaTime.Today(TimeProvider.System).AddDays(1));

        using var response = await staff.SubmitMultipartAsync(NewPage, "#activity-form", new Dictionary<string, string>
        {
            ["Input.Kind"] = "Research",
            ["Input.Date"] = tomorrow,
            ["Input.Title"] = "   ",
            ["Input.Place"] = "湖滨街道二楼会议室",
            ["Input.Summary"] = "听取居民对加装电梯的意见。",
            ["Input.ParticipantCodes"] = "D0004",
            ["Input.ParticipantText"] = "D0015, D9999",
        }, [new FormFile("Files", "现场照片.png", "image/png", ActivityRecordsTests.Png)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("活动名称", Message(page, "Input.Title"), StringComparison.Ordinal);
        Assert.Contains("不能晚于今天", Message(page, "Input.Date"), StringComparison.Ordinal);
        Assert.Contains("D9999", Message(page, "Input.ParticipantCodes"), StringComparison.Ordinal);
        Assert.Equal(tomorrow, ((IHtmlInputElement)page.QuerySelector("#Input_Date")!).Value);
        Assert.Equal("湖滨街道二楼会议室", ((IHtmlInputElement)page.QuerySelector("#Input_Place")!).Value);
        Assert.Equal("听取居民对加装电梯的意见。", page.QuerySelector("#Input_Summary")!.TextContent);
        Assert.Equal("Research", ((IHtmlSelectElement)page.QuerySelector("#Input_Kind")!).Value);
        Assert.True(((IHtmlInputElement)page.QuerySelector("#participant-D0004")!).IsChecked);
        Assert.True(((IHtmlInputElement)page.QuerySelector("#participant-D0015")!).IsChecked);
        Assert.Equal("D9999", ((IHtmlInputElement)page.QuerySelector("#Input_ParticipantText")!).Value);
        Assert.NotNull(page.QuerySelector("[data-testid=files-dropped]"));
        Assert.False(await portal.QueryAsync(db => db.DeputyActivities.AnyAsync(a => a.Place == "湖滨街道二楼会议室")));
    }

    [Fact]
    public async Task AnActivityWithAPdfShowsItOnTheDetailsPageAndTheDownloadIsAnAttachment()
    {
        using var staff = await SignedInAsync("station@liaison.demo");
        var (id, fileId) = await RecordAsync(staff, "视察湖滨路背街小巷整治", "D0004", "D0011");

        var details = await staff.GetDocumentAsync($"/Manage/Activities/Details/{id}");
        Assert.Contains("履职活动已登记", details.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("视察湖滨路背街小巷整治", details.QuerySelector("[data-testid=activity-title]")!.TextContent.Trim());
        Assert.Equal("视察", details.QuerySelector("[data-testid=activity-kind]")!.TextContent.Trim());
        var participants = details.QuerySelector("[data-testid=participants]")!.TextContent;
        Assert.Contains("王建华", participants, StringComparison.Ordinal);
        Assert.Contains("许静", participants, StringComparison.Ordinal);
        var link = details.QuerySelector("[data-testid=evidence] a")!;
        Assert.Equal("整治前后对比.pdf", link.TextContent.Trim());
        Assert.Equal($"/Activities/Files/{id}/{fileId}", link.GetAttribute("href"));

        using var download = await staff.GetAsync($"/Activities/Files/{id}/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(ActivityRecordsTests.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("整治前后对比.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", download.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeputyDownloadsTheEvidenceOfTheirOwnActivitiesOnly()
    {
        using var staff = await SignedInAsync("station@liaison.demo");
        var (withDeputy, withFile) = await RecordAsync(staff, "向选民述职：王建华代表", "D0004");
        var (without, withoutFile) = await RecordAsync(staff, "调研：许静代表", "D0011");
        using var deputy = await SignedInAsync("deputy@liaison.demo");
        using var unit = await SignedInAsync("unit@liaison.demo");

        using var own = await deputy.GetAsync($"/Activities/Files/{withDeputy}/{withFile}");
        using var other = await deputy.GetAsync($"/Activities/Files/{without}/{withoutFile}");
        using var mixed = await deputy.GetAsync($"/Activities/Files/{withDeputy}/{withoutFile}");
        using var byUnit = await unit.GetAsync($"/Activities/Files/{withDeputy}/{withFile}");
        using var details = await deputy.GetAsync($"/Manage/Activities/Details/{withDeputy}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(ActivityRecordsTests.Pdf, await own.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mixed.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, byUnit.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, details.StatusCode);
    }

    [Fact]
    public async Task TheLedgerExportHasTheFilteredRowsAndStationStaffCanEditAndDelete()
    {
        using var staff = await SignedInAsync("station@liaison.demo");
        var (id, _) = await RecordAsync(staff, "导出测试：代表议事会议加装电梯", "D0004", "D0015");

        var list = await staff.GetDocumentAsync("/Manage/Activities?q=" + Uri.EscapeDataString("导出测试"));
        Assert.NotNull(list.QuerySelector($"tr[data-id='{id}']"));
        var href = list.QuerySelector("[data-testid=export]")!.GetAttribute("href")!;
        using var csv = await staff.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("activities-", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("日期,活动类别,活动名称,地点,家站点,行政区划,参加代表,代表人数,佐证材料数,登记人", lines[0]);
        Assert.Equal(
            $"{Day(ChinaTime.Today(TimeProvider.System).AddDays(-2))},视察,导出测试：代表议事会议加装电梯,湖滨路,湖滨街道人大代表之家,湖滨街道,王建华、孔春梅,2,1,湖滨代表之家工作人员",
            Assert.Single(lines[1..]));

        var edit = await staff.GetDocumentAsync($"/Manage/Activities/Edit/{id}");
        Assert.Equal("导出测试：代表议事会议加装电梯", ((IHtmlInputElement)edit.QuerySelector("#Input_Title")!).Value);
        using var saved = await staff.SubmitMultipartAsync($"/Manage/Activities/Edit/{id}", "#activity-form", new Dictionary<string, string>
        {
            ["Input.Kind"] = "DeliberationMeeting",
            ["Input.RemoveEvidence"] = edit.QuerySelector("[data-testid=existing-evidence] input[type=checkbox]")!.GetAttribute("value")!,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var changed = await staff.GetDocumentAsync($"/Manage/Activities/Details/{id}");
        Assert.Equal("代表议事会", changed.QuerySelector("[data-testid=activity-kind]")!.TextContent.Trim());
        Assert.NotNull(changed.QuerySelector("[data-testid=no-evidence]"));

        using var unconfirmed = await staff.SubmitFormAsync($"/Manage/Activities/Details/{id}", "#delete-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        using var deleted = await staff.SubmitFormAsync($"/Manage/Activities/Details/{id}", "#delete-form", new Dictionary<string, string> { ["Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        using var gone = await staff.GetAsync($"/Manage/Activities/Details/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>Records an activity two days ago through the form, with one PDF; the activity's and the file's ids.</summary>
    private async Task<(int Id, int FileId)> RecordAsync(HttpClient client, string title, params string[] deputies)
    {
        using var response = await client.SubmitMultipartAsync(NewPage, "#activity-form", new Dictionary<string, string>
        {
            ["Input.Kind"] = "Inspection",
            ["Input.Date"] = Day(ChinaTime.Today(TimeProvider.System).AddDays(-2)),
            ["Input.Title"] = title,
            ["Input.Place"] = "湖滨路",
            ["Input.ParticipantText"] = string.Join(",", deputies),
        }, [new FormFile("Files", "整治前后对比.pdf", "application/pdf", ActivityRecordsTests.Pdf)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var fileId = await portal.QueryAsync(db => db.DeputyActivityEvidence.Where(e => e.ActivityId == id).Select(e => e.Id).SingleAsync());
        return (id, fileId);
    }

    private static string Message(IHtmlDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent ?? string.Empty;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
