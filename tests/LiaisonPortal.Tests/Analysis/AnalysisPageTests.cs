using System.Net;
using System.Text;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Analysis;

/// <summary>The analysis pages over real HTTP: generating, the report's figures and links, the commentary, publishing, the export, the scope.</summary>
public sealed class AnalysisPageTests(AnalysisPageTests.Fixture portal) : IClassFixture<AnalysisPageTests.Fixture>
{
    public const string WestOffice = "west-office@analysis.test";
    public const string Password = "Analysis-Test-2026";

    public sealed class Fixture : PortalFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await AnalysisTestData.SeedAsync(this);
            await CreateUserAsync(new NewStaffAccount(WestOffice, Password, Roles.CongressStaff, RegionCode: AnalysisTestData.OtherDistrict, DisplayName: "西山区人大代表工委"));
        }
    }

    private async Task<HttpClient> OfficeAsync()
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var signIn = await client.SignInAsync("office@liaison.demo");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>Generates the region's month on the list page's form and returns the report's address.</summary>
    private static async Task<string> GenerateAsync(HttpClient client, string region, string month)
    {
        using var response = await client.SubmitFormAsync("/Manage/Analysis", "#generate-form",
            new Dictionary<string, string> { ["Input.RegionCode"] = region, ["Input.Month"] = month });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Manage/Analysis/Report/", location, StringComparison.Ordinal);
        return location;
    }

    [Fact]
    public async Task TheOfficeGeneratesAMonthAndReadsItsFiguresWithLinksToTheCases()
    {
        using var client = await OfficeAsync();
        var empty = await client.GetDocumentAsync("/Manage/Analysis?region=990102002001");
        Assert.NotNull(empty.QuerySelector("[data-testid=empty-reports]"));

        var url = await GenerateAsync(client, AnalysisTestData.District, "2025-11");
        var page = await client.GetDocumentAsync(url);
        Assert.Equal("Draft", page.QuerySelector("[data-testid=analysis-report]")!.GetAttribute("data-state"));
        Assert.Contains("东湖区2025年11月民情民意数据分析报告", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var received = page.QuerySelector("[data-testid=report-totals] tr[data-key=received] a")!;
        Assert.Equal("24", received.TextContent.Trim());
        Assert.Equal("/Manage/Opinions?from=2025-11-01&to=2025-11-30", received.GetAttribute("href"));
        var parking = page.QuerySelector("[data-testid=report-categories] tr[data-key=JT]")!;
        Assert.Equal("+10（+500.0%）", parking.QuerySelector("[data-col=change]")!.TextContent.Trim());
        Assert.Equal("/Manage/Opinions?from=2025-11-01&to=2025-11-30&category=JT", parking.QuerySelector("a")!.GetAttribute("href"));
        var topic = page.QuerySelector("[data-testid=report-topics] tr[data-term=停车] a")!;
        Assert.Equal("12", topic.TextContent.Trim());
        Assert.Contains("q=%E5%81%9C%E8%BD%A6", topic.GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"[data-testid=report-repeated] tr[data-station='{AnalysisTestData.Hubin}'][data-category=JT]"));
        Assert.Equal("2", page.QuerySelector($"[data-testid=report-units] tr[data-key={AnalysisTestData.Transport}] [data-col=open]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid=topics-note]"));
        Assert.NotNull(page.QuerySelector("svg.analysis-bars rect.bar-now"));

        // The list shows it; the link from the list opens it.
        var list = await client.GetDocumentAsync("/Manage/Analysis?region=990102");
        Assert.Contains(list.QuerySelectorAll("[data-testid=report-list] a"), a => a.GetAttribute("href") == url);

        // The case list the links lead to answers with those filters.
        using var cases = await client.GetAsync(received.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
    }

    [Fact]
    public async Task BadMonthsComeBackNextToTheFieldAsTyped()
    {
        using var client = await OfficeAsync();
        var next = DateTime.UtcNow.AddHours(8).AddMonths(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        using var future = await client.SubmitFormAsync("/Manage/Analysis", "#generate-form",
            new Dictionary<string, string> { ["Input.RegionCode"] = AnalysisTestData.District, ["Input.Month"] = next });
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        var page = await HtmlForms.ParseAsync(future);
        Assert.Contains("不能生成未来月份的报告", page.QuerySelector("[data-valmsg-for='Input.Month']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(next, page.QuerySelector("#Input_Month")!.GetAttribute("value"));

        using var garbled = await client.SubmitFormAsync("/Manage/Analysis", "#generate-form",
            new Dictionary<string, string> { ["Input.RegionCode"] = AnalysisTestData.District, ["Input.Month"] = "2025/13" });
        var again = await HtmlForms.ParseAsync(garbled);
        Assert.Contains("2026-05", again.QuerySelector("[data-valmsg-for='Input.Month']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2025/13", again.QuerySelector("#Input_Month")!.GetAttribute("value"));

        using var outside = await client.SubmitFormAsync("/Manage/Analysis", "#generate-form",
            new Dictionary<string, string> { ["Input.RegionCode"] = AnalysisTestData.OtherDistrict, ["Input.Month"] = "2025-11" });
        Assert.Contains("不在您的管理范围内", (await HtmlForms.ParseAsync(outside)).QuerySelector("[data-valmsg-for='Input.RegionCode']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommentaryIsKeptOnErrorsThenPublishedAndFrozen()
    {
        using var client = await OfficeAsync();
        var url = await GenerateAsync(client, "990102001", "2025-11");

        var tooLong = new string('长', OpinionAnalysisReport.CommentaryMaxLength + 5);
        using (var response = await client.SubmitFormAsync(url, "#commentary-form", new Dictionary<string, string> { ["Commentary"] = tooLong }, action: url + "?handler=Commentary"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await HtmlForms.ParseAsync(response);
            Assert.Contains("评述不能超过", page.QuerySelector("[data-valmsg-for=Commentary]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(tooLong, page.QuerySelector("#Commentary")!.TextContent.Trim());
        }

        var before = await client.GetDocumentAsync(url);
        var staleVersion = before.QuerySelector("#commentary-form input[name=Version]")!.GetAttribute("value")!;
        using (var saved = await client.SubmitFormAsync(url, "#commentary-form", new Dictionary<string, string> { ["Commentary"] = "湖滨停车问题突出。" }, action: url + "?handler=Commentary"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        // Someone saved since this version was read: 409, what was typed stays, the latest text is shown.
        using (var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Commentary"] = "我的另一版评述",
            ["Version"] = staleVersion,
            ["__RequestVerificationToken"] = before.QuerySelector("#commentary-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }))
        using (var stale = await client.PostAsync(url + "?handler=Commentary", content))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            var page = await HtmlForms.ParseAsync(stale);
            Assert.Contains("刚被其他人修改过", page.QuerySelector("[data-testid=form-message]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("我的另一版评述", page.QuerySelector("#Commentary")!.TextContent.Trim());
            Assert.Contains("湖滨停车问题突出。", page.QuerySelector("[data-testid=latest-commentary]")!.TextContent, StringComparison.Ordinal);
        }

        using (var unconfirmed = await client.SubmitFormAsync(url, "#commentary-form", new Dictionary<string, string>(), action: url + "?handler=Publish"))
        {
            Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
            Assert.Contains("确认发布", (await HtmlForms.ParseAsync(unconfirmed)).QuerySelector("[data-valmsg-for=Confirm]")!.TextContent, StringComparison.Ordinal);
        }

        using (var published = await client.SubmitFormAsync(url, "#commentary-form",
            new Dictionary<string, string> { ["Commentary"] = "湖滨停车问题突出，建议交通局牵头。", ["Confirm"] = "true" }, action: url + "?handler=Publish"))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        var frozen = await client.GetDocumentAsync(url);
        Assert.Equal("Published", frozen.QuerySelector("[data-testid=analysis-report]")!.GetAttribute("data-state"));
        Assert.Equal("湖滨停车问题突出，建议交通局牵头。", frozen.QuerySelector("[data-testid=commentary-text]")!.TextContent.Trim());
        Assert.Contains("东湖区人大代表工委", frozen.QuerySelector("[data-testid=report-meta]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(frozen.QuerySelector("#commentary-form"));
        Assert.Null(frozen.QuerySelector("#regenerate-form"));

        // Regenerating a published report is refused, from the list's form too.
        using var regenerate = await client.SubmitFormAsync("/Manage/Analysis", "#generate-form",
            new Dictionary<string, string> { ["Input.RegionCode"] = "990102001", ["Input.Month"] = "2025-11" });
        Assert.Equal(HttpStatusCode.Conflict, regenerate.StatusCode);
        Assert.Contains("已发布，不能重新生成", (await HtmlForms.ParseAsync(regenerate)).QuerySelector("[data-testid=form-message]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReportExportsAsCsvAndAWorkbook()
    {
        using var client = await OfficeAsync();
        var url = await GenerateAsync(client, AnalysisTestData.District, "2025-10");
        using var csv = await client.GetAsync(url + "?handler=Export&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("opinion-analysis-990102-202510.csv", csv.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("部分,项目,编码,本月,占比,上月,较上月,去年同月,说明", lines[0]);
        Assert.Contains("总体,收到意见,,14,,10,+4（+40.0%）,,", lines);
        Assert.Contains("分类,城建,CJ,8,57.1%,10,-2（-20.0%）,,", lines);
        Assert.Contains(lines, l => l.StartsWith("重复反映,青石街道人大代表之家 · 城建,990102002-01,8,", StringComparison.Ordinal));

        using var xlsx = await client.GetAsync(url + "?handler=Export&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
    }

    [Fact]
    public async Task AnotherDistrictsOfficeGetsNotFound()
    {
        using var east = await OfficeAsync();
        var url = await GenerateAsync(east, AnalysisTestData.District, "2025-09");
        using var west = portal.Factory.CreateBrowserLikeClient();
        using (var signIn = await west.SignInAsync(WestOffice, Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using var page = await west.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var export = await west.GetAsync(url + "?handler=Export&format=csv");
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        var list = await west.GetDocumentAsync("/Manage/Analysis");
        Assert.DoesNotContain(list.QuerySelectorAll("[data-testid=report-list] a"), a => a.GetAttribute("href") == url);

        // A forged post with the west office's own token is not found either.
        var own = await west.GetDocumentAsync("/Manage/Analysis");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Commentary"] = "越权",
            ["Version"] = "1",
            ["__RequestVerificationToken"] = own.QuerySelector("#generate-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });
        using var post = await west.PostAsync(url + "?handler=Commentary", content);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
