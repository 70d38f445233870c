using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Tests.Import;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Pages.Manage;

public class ImportTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Password = "Demo-Liaison-2026";
    private const string DeputyHeader = "代表编号,姓名,性别,代表层级,编入家站点";

    [Fact]
    public async Task AnOfficeUploadsPreviewsConfirmsAndWatchesTheImportComplete()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        using var upload = await UploadAsync(client, ImportKind.Deputies, "名册.csv", ImportCsv.Gb18030(
            DeputyHeader + "\r\nW1001,欧阳明月,女,区县,990102001001-01、990102001-01\r\nW1002,李华,男,市,990102002-02\r\nD0004,王建华,男,市,990102001-01\r\n"));

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var previewUrl = upload.Headers.Location!.OriginalString;
        Assert.StartsWith("/Manage/Import/Preview/", previewUrl, StringComparison.Ordinal);
        var preview = await client.GetDocumentAsync(previewUrl);
        Assert.Equal(("3", "2", "0", "1"), (Text(preview, "total"), Text(preview, "valid"), Text(preview, "invalid"), Text(preview, "duplicate")));
        Assert.Equal("名册.csv", Text(preview, "file-name"));
        Assert.Contains("GB18030", preview.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Duplicate", preview.QuerySelector("[data-testid=preview-rows] tbody tr")!.GetAttribute("data-status"));

        using var confirm = await client.SubmitFormAsync(previewUrl, "#confirm-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var progressUrl = confirm.Headers.Location!.OriginalString;
        Assert.StartsWith("/Manage/Import/Progress/", progressUrl, StringComparison.Ordinal);
        var progress = await WaitUntilFinishedAsync(client, progressUrl);
        Assert.Equal("Completed", progress.QuerySelector("[data-testid=import-status]")!.GetAttribute("data-status"));
        Assert.Contains("新增 2 条，跳过已存在的 1 条", Text(progress, "import-result"), StringComparison.Ordinal);
        Assert.Null(progress.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Equal("3", progress.QuerySelector("progress")!.GetAttribute("value"));
        var enrolments = await portal.QueryAsync(db => db.DeputyStations.Where(e => e.Deputy.Code == "W1001").Select(e => new { e.Station.Code, e.IsPrimary }).ToListAsync());
        Assert.Equal("990102001001-01", Assert.Single(enrolments, e => e.IsPrimary).Code);
        Assert.Equal(2, enrolments.Count);
        var actors = await portal.QueryAsync(db => db.AuditEntries.Where(a => a.EntityType == "Deputy" && a.EntityKey == "W1002").Select(a => a.ActorName).ToListAsync());
        Assert.Equal(["东湖区人大代表工委"], actors);
        var home = await client.GetDocumentAsync("/Manage/Import");
        Assert.Contains("名册.csv", home.QuerySelector("[data-testid=recent-imports]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileImportingTheProgressPageRefreshesItselfEverySecondAndShowsTheCounts()
    {
        using var client = await SignedInAsync("admin@liaison.demo");
        using var upload = await UploadAsync(client, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(DeputyHeader, "W8001,张明,男,市,990102001-01", "W8002,李华,女,市,990102001-01"));
        var id = Guid.Parse(upload.Headers.Location!.OriginalString.Split('/')[^1]);
        // As the worker leaves it between two chunks.
        await portal.QueryAsync(db => db.ImportBatches.Where(b => b.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Status, ImportStatus.Importing).SetProperty(b => b.ProcessedRows, 1)));

        var page = await client.GetDocumentAsync($"/Manage/Import/Progress/{id}");
        using var preview = await client.GetAsync($"/Manage/Import/Preview/{id}");

        Assert.Equal("1", page.QuerySelector("head meta[http-equiv=refresh]")!.GetAttribute("content"));
        Assert.Equal(("2", "1"), (page.QuerySelector("progress")!.GetAttribute("max"), page.QuerySelector("progress")!.GetAttribute("value")));
        Assert.Equal("已处理 1 / 2 行（50%）", Text(page, "import-counts"));
        Assert.Equal($"/Manage/Import/Progress/{id}", preview.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASecondConfirmationOfTheSameBatchIsRefusedWithAClearMessage()
    {
        using var client = await SignedInAsync("admin@liaison.demo");
        using var upload = await UploadAsync(client, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(DeputyHeader, "W2001,张明,男,市,990102001-01"));
        var previewUrl = upload.Headers.Location!.OriginalString;
        var preview = await client.GetDocumentAsync(previewUrl);
        var form = (IHtmlFormElement)preview.QuerySelector("#confirm-form")!;

        using var first = await PostFormAsync(client, form);
        using var second = await PostFormAsync(client, form);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = await HtmlForms.ParseAsync(second);
        Assert.Contains(DirectoryImporter.AlreadyConfirmedMessage, page.QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#confirm-form"));
        await WaitUntilFinishedAsync(client, first.Headers.Location!.OriginalString);
        Assert.Equal(1, await portal.QueryAsync(db => db.Deputies.CountAsync(d => d.Code == "W2001")));
    }

    [Fact]
    public async Task AFileWithErrorsListsThemFirstAndOffersNoConfirmation()
    {
        using var client = await SignedInAsync("admin@liaison.demo");
        var before = await portal.QueryAsync(db => db.Deputies.CountAsync());

        using var upload = await UploadAsync(client, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(
            DeputyHeader, "W3001,张明,男,市,990102001-01", "W3002,李华,女,部长级,990102001-01", "W3001,王五,男,市,990102001-01"));
        var preview = await client.GetDocumentAsync(upload.Headers.Location!.OriginalString);

        Assert.Null(preview.QuerySelector("#confirm-form"));
        Assert.Contains("整个文件都不会导入", Text(preview, "rule"), StringComparison.Ordinal);
        var rows = preview.QuerySelectorAll("[data-testid=preview-rows] tbody tr").Select(r => (r.GetAttribute("data-row"), r.GetAttribute("data-status"))).ToList();
        Assert.Equal([("3", "Invalid"), ("4", "Invalid"), ("2", "Valid")], rows);
        Assert.Contains("代表层级“部长级”无法识别", preview.QuerySelector("tr[data-row='3']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("与第 2 行重复", preview.QuerySelector("tr[data-row='4']")!.TextContent, StringComparison.Ordinal);
        var invalidOnly = await client.GetDocumentAsync(upload.Headers.Location!.OriginalString + "?show=Invalid");
        Assert.Equal(2, invalidOnly.QuerySelectorAll("[data-testid=preview-rows] tbody tr").Length);
        Assert.Equal(before, await portal.QueryAsync(db => db.Deputies.CountAsync()));
    }

    [Fact]
    public async Task CancellingKeepsNothingAndSaysSo()
    {
        using var client = await SignedInAsync("admin@liaison.demo");
        using var upload = await UploadAsync(client, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(DeputyHeader, "W4001,张明,男,市,990102001-01"));

        using var cancel = await client.SubmitFormAsync(upload.Headers.Location!.OriginalString, "#cancel-form", new Dictionary<string, string>());

        Assert.Equal("/Manage/Import", cancel.Headers.Location!.OriginalString);
        var home = await client.GetDocumentAsync("/Manage/Import");
        Assert.Contains("没有写入任何数据", home.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.False(await portal.QueryAsync(db => db.Deputies.AnyAsync(d => d.Code == "W4001")));
    }

    [Fact]
    public async Task MissingColumnsAreShownNextToTheFileFieldWithTheKindKept()
    {
        using var client = await SignedInAsync("admin@liaison.demo");

        using var response = await UploadAsync(client, ImportKind.Stations, "stations.csv", ImportCsv.Utf8("统一编号,名称", "990102-88,某站"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("缺少必填列：类型、所属区域编码", Text(page, "file-errors"), StringComparison.Ordinal);
        Assert.Equal("Stations", ((IHtmlSelectElement)page.QuerySelector("#Input_Kind")!).Value);
    }

    [Theory]
    [InlineData(null, "请选择要导入的 CSV 文件")]
    [InlineData("roster.xlsx", "只能导入 CSV 文件")]
    [InlineData("huge.csv", "文件超过 5 MB")]
    public async Task ABadUploadIsA400WithTheReasonNextToTheField(string? fileName, string message)
    {
        using var client = await SignedInAsync("admin@liaison.demo");
        var content = fileName == "huge.csv" ? new byte[ImportFileReader.MaxBytes + 1] : ImportCsv.Utf8(DeputyHeader, "W5001,张明,男,市,990102001-01");

        using var response = await UploadAsync(client, ImportKind.HandlingUnits, fileName, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains(message, Text(page, "file-errors"), StringComparison.Ordinal);
        Assert.Equal("HandlingUnits", ((IHtmlSelectElement)page.QuerySelector("#Input_Kind")!).Value);
    }

    [Fact]
    public async Task TheTemplateIsAUtf8CsvWithABomTheHeadersAndAnExample()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        var home = await client.GetDocumentAsync("/Manage/Import");
        var link = home.QuerySelector("[data-testid=template-Deputies]")!.GetAttribute("href")!;

        using var response = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("代表编号,姓名,性别,代表层级", lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Manage/Import")]
    [InlineData("/Manage/Import?handler=Template&kind=Deputies")]
    [InlineData("/Manage/Import/Preview/00000000-0000-0000-0000-000000000001")]
    [InlineData("/Manage/Import/Progress/00000000-0000-0000-0000-000000000001")]
    public async Task StationStaffAreForbiddenTheImportPages(string url)
    {
        using var client = await SignedInAsync("station@liaison.demo");

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task StationStaffCannotUploadEither()
    {
        using var client = await SignedInAsync("station@liaison.demo");
        // The station account's own antiforgery token, from the sign-out form of a page it may open.
        var token = (await client.GetDocumentAsync("/Station")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Deputies"), "Input.Kind" },
            { new ByteArrayContent(ImportCsv.Utf8(DeputyHeader, "W7001,张明,男,市,990102001-01")), "Input.File", "station.csv" },
        };

        using var response = await client.PostAsync("/Manage/Import", content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await portal.QueryAsync(db => db.ImportBatches.AnyAsync(b => b.FileName == "station.csv")));
    }

    [Fact]
    public async Task AnotherAccountsBatchIsNotFound()
    {
        using var admin = await SignedInAsync("admin@liaison.demo");
        using var upload = await UploadAsync(admin, ImportKind.Deputies, "roster.csv", ImportCsv.Utf8(DeputyHeader, "W6001,张明,男,市,990102001-01"));
        var previewUrl = upload.Headers.Location!.OriginalString;
        var form = (IHtmlFormElement)(await admin.GetDocumentAsync(previewUrl)).QuerySelector("#confirm-form")!;
        using var office = await SignedInAsync("office@liaison.demo");

        using var preview = await office.GetAsync(previewUrl);
        using var progress = await office.GetAsync(previewUrl.Replace("Preview", "Progress", StringComparison.Ordinal));
        var token = (await office.GetDocumentAsync("/Manage/Import")).QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var confirm = await office.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.NotFound, preview.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, progress.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.False(await portal.QueryAsync(db => db.Deputies.AnyAsync(d => d.Code == "W6001")));
    }

    [Fact]
    public async Task AnAnonymousVisitorIsSentToSignIn()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/Manage/Import");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static string Text(IHtmlDocument page, string testId) =>
        page.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? throw new InvalidOperationException($"No [data-testid={testId}] on the page.");

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SubmitFormAsync("/Account/Login", "#login-form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Submits the upload form as a browser does: multipart, with the form's antiforgery token and the chosen file.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, ImportKind kind, string? fileName, byte[] content)
    {
        var form = (await client.GetDocumentAsync("/Manage/Import")).QuerySelector("#import-form")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var body = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(kind.ToString()), "Input.Kind" },
        };
        // No file chosen: the browser sends no file part this client could build, so leave it out.
        if (fileName is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            body.Add(file, "Input.File", fileName);
        }

        return await client.PostAsync("/Manage/Import", body);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, IHtmlFormElement form)
    {
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(form.GetAttribute("action"), content);
    }

    /// <summary>Reloads the progress page as its refresh tag would, until the import has finished.</summary>
    private static async Task<IHtmlDocument> WaitUntilFinishedAsync(HttpClient client, string progressUrl)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var page = await client.GetDocumentAsync(progressUrl);
            if (page.QuerySelector("[data-testid=import-status]")!.GetAttribute("data-status") != nameof(ImportStatus.Importing))
            {
                return page;
            }

            Assert.NotNull(page.QuerySelector("meta[http-equiv=refresh]"));
            await Task.Delay(200);
        }

        throw new TimeoutException($"The import at {progressUrl} did not finish in 30 seconds.");
    }
}
