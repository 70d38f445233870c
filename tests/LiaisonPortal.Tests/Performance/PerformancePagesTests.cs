using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static LiaisonPortal.Tests.Performance.PerformanceTestData;

namespace LiaisonPortal.Tests.Performance;

/// <summary>The performance pages over real HTTP: the deputy's own file, scope, the rule editor's messages and conflicts, exports.</summary>
public sealed class PerformancePagesTests(PerformanceFixture portal) : IClassFixture<PerformanceFixture>
{
    private const string Password = "Test-Perf-2026!";
    private const string TestOffice = "perf-office@liaison.test";
    private static readonly int ThisYear = Year + 1;

    [Fact]
    public async Task TheDemoDeputySeesTheirOwnFileWithTheFiguresTheServiceComputes()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("deputy@liaison.demo");
        var page = await client.GetDocumentAsync("/Deputy/Performance");

        var expected = await portal.WithScopeAsync(async s =>
        {
            var id = await s.GetRequiredService<Core.Data.ApplicationDbContext>().Deputies.Where(d => d.Code == "D0004").Select(d => d.Id).SingleAsync();
            return (await s.GetRequiredService<PerformanceFiles>().ScoresAsync(ThisYear, [id]))[id];
        });
        Assert.Equal("王建华的履职档案", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(expected.Total.ToString(CultureInfo.InvariantCulture), page.QuerySelector("[data-testid=total-points]")!.TextContent.Trim());
        Assert.Equal(expected.Facts.Select(f => f.Count.ToString(CultureInfo.InvariantCulture)),
            page.QuerySelectorAll("[data-testid=figures] tbody [data-testid=count]").Select(c => c.TextContent.Trim()));
        Assert.True(expected[PerformanceFact.Inspection].Count >= 1, "the demo data recorded an inspection for D0004");
        var activities = page.QuerySelector("[data-testid=activities]")!;
        Assert.Contains("视察湖滨街道老旧小区改造", activities.TextContent, StringComparison.Ordinal);
        var evidence = activities.QuerySelector("a[href^='/Activities/Files/']")!;
        Assert.Equal("视察签到表.pdf", evidence.TextContent.Trim());
        Assert.Contains("第", page.QuerySelector("[data-testid=level-rank]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Deputy/Performance/Report?year={ThisYear}", page.QuerySelector("[data-testid=report-link]")!.GetAttribute("href"));

        var report = await client.GetDocumentAsync($"/Deputy/Performance/Report?year={ThisYear}");
        Assert.Equal($"王建华代表{ThisYear}年度履职情况报告（草稿）", report.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("视察湖滨街道老旧小区改造", report.QuerySelector("[data-testid=report-activities]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, report.QuerySelectorAll(".report-blank").Length);

        using var office = await client.GetAsync("/Manage/Performance");
        Assert.Equal(HttpStatusCode.Redirect, office.StatusCode);
        Assert.Contains("/Account/AccessDenied", office.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Manage/Performance/Deputy/P0001")]
    [InlineData("/Manage/Performance/Report/P0001")]
    [InlineData("/Manage/Performance/Deputy/NOSUCH")]
    public async Task AnotherDistrictsDeputyIsNotFoundForADistrictOffice(string url)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("office@liaison.demo");
        using var response = await client.GetAsync($"{url}?year={Year}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        using var own = await client.GetAsync($"/Manage/Performance/Deputy/D0004?year={ThisYear}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task TheTestDistrictsOfficeSeesTheRankingsTheBelowListAndExportsThem()
    {
        using var client = await TestOfficeAsync();
        var page = await client.GetDocumentAsync($"/Manage/Performance?year={Year}");
        Assert.Equal([Target, CityDeputy, PeerA, PeerB], page.QuerySelectorAll("[data-testid=ranking] tbody tr").Select(r => r.GetAttribute("data-code")));
        Assert.Equal(["52", "5", "3", "3"], page.QuerySelectorAll("[data-testid=ranking] [data-testid=total]").Select(c => c.TextContent.Trim()));

        var csv = await DownloadAsync(client, page.QuerySelector("[data-testid=export]")!.GetAttribute("href")!);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("同级排名,代表编号,姓名,层级,区县,家站点,站内排名,履职积分,参加接待次数,参加接待积分,走访次数,走访积分", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1/3,P0001,档案代表甲,区县人大代表,履职测试区,履职测试站甲,1/3,52,5,6,2,6,3,-4,4,3,4,4,3,9,1,1,2,10,1,3,1,4,1,5,1,0,0,0,0,0,0,0,4,5", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2/3,P0003,档案代表丙,", lines[4], StringComparison.Ordinal);

        var filtered = await client.GetDocumentAsync($"/Manage/Performance?year={Year}&station={StationB}&q=丙");
        Assert.Equal([PeerB], filtered.QuerySelectorAll("[data-testid=ranking] tbody tr").Select(r => r.GetAttribute("data-code")));

        var below = await client.GetDocumentAsync($"/Manage/Performance/Below?year={Year}");
        Assert.Equal(9, below.QuerySelectorAll("[data-testid=below] tbody tr").Length);
        Assert.Contains("4 位代表有 9 项", below.QuerySelector("[data-testid=result-count]")!.TextContent, StringComparison.Ordinal);
        var belowCsv = (await DownloadAsync(client, below.QuerySelector("[data-testid=export]")!.GetAttribute("href")!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("P0001,档案代表甲,区县人大代表,履职测试站甲,走访,2,3", belowCsv[1]);

        var file = await client.GetDocumentAsync($"/Manage/Performance/Deputy/{Target}?year={Year}");
        Assert.Equal("52", file.QuerySelector("[data-testid=total-points]")!.TextContent.Trim());
        Assert.Equal(3, file.QuerySelectorAll("[data-testid=missed-duties] li").Length);
        Assert.Equal(4, file.QuerySelectorAll("[data-testid=cap-reached]").Length);
        Assert.Contains("走访：要求每年不少于 3 次，目前 2 次", file.QuerySelector("[data-testid=below-minimum]")!.TextContent, StringComparison.Ordinal);
        var report = await client.GetDocumentAsync($"/Manage/Performance/Report/{Target}?year={Year}");
        Assert.Equal($"档案代表甲代表{Year}年度履职情况报告（草稿）", report.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("年度履职积分 52 分", report.QuerySelector("[data-testid=report-summary]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARuleWithBadInputComesBackWithMessagesNextToItsFieldsAndTheTypedValues()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin@liaison.demo");
        var admin = await client.GetDocumentAsync("/Admin");
        Assert.NotNull(admin.QuerySelector("a[href='/Admin/PointRules']"));

        using var refused = await client.SubmitFormAsync("/Admin/PointRules?year=2003", "#rule-VisitMade",
            new Dictionary<string, string> { ["points"] = "500", ["capPeriod"] = "Month", ["cap"] = "", ["minimum"] = "2" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Equal("500", page.GetElementById("Input.VisitMade_Points")!.GetAttribute("value"));
        Assert.Equal("Month", ((IHtmlSelectElement)page.GetElementById("Input.VisitMade_CapPeriod")!).Value);
        Assert.Equal("2", page.GetElementById("Input.VisitMade_YearlyMinimum")!.GetAttribute("value"));
        Assert.Contains("-100 到 100", page.QuerySelector("[data-valmsg-for='Input.VisitMade.Points']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("同时填写封顶分值", page.QuerySelector("[data-valmsg-for='Input.VisitMade.Cap']")!.TextContent, StringComparison.Ordinal);

        using var text = await client.SubmitFormAsync("/Admin/PointRules?year=2003", "#rule-VisitMade", new Dictionary<string, string> { ["minimum"] = "两次" });
        var textPage = await HtmlForms.ParseAsync(text);
        Assert.Equal("两次", textPage.GetElementById("Input.VisitMade_YearlyMinimum")!.GetAttribute("value"));
        Assert.Contains("请填写整数", textPage.QuerySelector("[data-valmsg-for='Input.VisitMade.YearlyMinimum']")!.TextContent, StringComparison.Ordinal);

        using var saved = await client.SubmitFormAsync("/Admin/PointRules?year=2003", "#rule-VisitMade",
            new Dictionary<string, string> { ["points"] = "4", ["capPeriod"] = "Quarter", ["cap"] = "12", ["minimum"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var rule = await portal.QueryAsync(db => db.PointRules.SingleAsync(r => r.Year == 2003 && r.Fact == PerformanceFact.VisitMade));
        Assert.Equal((4, PointCapPeriod.Quarter, (int?)12, (int?)2), (rule.Points, rule.CapPeriod, rule.Cap, rule.YearlyMinimum));
    }

    [Fact]
    public async Task AStaleVersionIsRefusedWithTheChangedByOthersMessage()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin@liaison.demo");
        const string url = "/Admin/PointRules?year=2004";
        var shown = await client.GetDocumentAsync(url);
        var fields = HtmlForms.FieldsOf((IHtmlFormElement)shown.QuerySelector("#rule-Research")!)
            .Where(f => f.Key != "points").Append(new("points", "9")).ToList();

        // Someone else saves the same rule first.
        await portal.WithScopeAsync(async s =>
        {
            var rules = s.GetRequiredService<PointRules>();
            var now = (await rules.ForYearAsync(2004)).Single(r => r.Fact == PerformanceFact.Research);
            return await rules.UpdateAsync(2004, PerformanceFact.Research, new PointRuleInput(6, null, null, null, now.Version));
        });

        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("已被他人修改", page.QuerySelector("[data-testid=form-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("6", page.GetElementById("Input.Research_Points")!.GetAttribute("value"));
        Assert.Equal(6, await portal.QueryAsync(db => db.PointRules.Where(r => r.Year == 2004 && r.Fact == PerformanceFact.Research).Select(r => r.Points).SingleAsync()));
    }

    [BrowserFact]
    public async Task TheDemoDeputysFileReadsOnAPhoneAndADesktop()
    {
        await using var kestrel = await KestrelPortal.StartAsync(portal.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        foreach (var (width, height, name) in new[] { (390, 844, "phone"), (1280, 900, "desktop") })
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = width, Height = height } });
            await page.GotoAsync(new Uri(kestrel.Address, "/Account/Login?returnUrl=%2FDeputy%2FPerformance").ToString());
            await page.FillAsync("#Input_Email", "deputy@liaison.demo");
            await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
            await page.ClickAsync("#login-submit");
            await Chromium.WaitForUrlAsync(page, "**/Deputy/Performance");
            await page.WaitForSelectorAsync("[data-testid=figures]");
            Assert.Equal("王建华的履职档案", (await page.InnerTextAsync("h1")).Trim());
            Assert.True(await page.IsVisibleAsync("text=视察湖滨街道老旧小区改造"));
            Assert.True(await page.IsVisibleAsync("[data-testid=total-points]"));
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(overflow, $"the file does not scroll sideways at {width} px");
            await Chromium.ScreenshotAsync(page, $"performance-file-{name}.png");
            Assert.True(File.Exists(RepositoryPaths.TestOutput($"performance-file-{name}.png")));
        }

        var report = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await report.GotoAsync(new Uri(kestrel.Address, "/Account/Login?returnUrl=%2FDeputy%2FPerformance%2FReport").ToString());
        await report.FillAsync("#Input_Email", "deputy@liaison.demo");
        await report.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await report.ClickAsync("#login-submit");
        await report.WaitForSelectorAsync("[data-testid=report-sheet]");
        Assert.Contains("履职情况报告（草稿）", await report.InnerTextAsync("h1"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(report, "performance-report-desktop.png");
    }

    private async Task<HttpClient> TestOfficeAsync()
    {
        if (await portal.FindUserAsync(TestOffice) is null)
        {
            await portal.CreateUserAsync(new NewStaffAccount(TestOffice, Password, Roles.CongressStaff, RegionCode: District, DisplayName: "履职测试区人大工委"));
        }

        var client = portal.Factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestOffice, Password);
        return client;
    }

    private static async Task<string> DownloadAsync(HttpClient client, string url)
    {
        var bytes = await client.GetByteArrayAsync(new Uri(url, UriKind.Relative));
        return Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
    }
}
