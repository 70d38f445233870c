using System.Net;
using System.Text;
using AngleSharp.Dom;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>The batch view, the year's figures (and their CSV) and the printable report over real HTTP, on the known suggestions.</summary>
public sealed class FiguresPagesTests(FiguresPagesTests.Fixture portal) : IClassFixture<FiguresPagesTests.Fixture>
{
    private const string WestOffice = "west-office@liaison.test";

    [Fact]
    public async Task TheFiguresPageShowsTheYearsExactNumbersPerBatchUnitAndCategory()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        var page = await client.GetDocumentAsync("/Manage/Suggestions/Figures?year=2025");

        Assert.Equal("2025", page.QuerySelector("#year option[selected]")!.GetAttribute("value"));
        var session = Row(page, "figures-by-batch", FiguresTestData.Id(portal.Batches.Session));
        Assert.Equal(
            ["220", "210", "189 90.0%", "191 91.0%", "14 6.7%", "5 2.4%", "91.0%", "97.6%", "95.2% 200/210", "+4.3"],
            Cells(session));
        Assert.Equal($"/Manage/Suggestions/Batch/{portal.Batches.Session}", session.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal(
            ["230", "220", "199 90.5%", "201 91.4%", "14 6.4%", "5 2.3%", "91.4%", "97.7%", "95.4% 207/217", "+4.0"],
            Cells(Row(page, "figures-by-batch", "total")));

        var third = Row(page, "figures-by-unit", "U990102-03");
        Assert.Equal("东湖区教育局", third.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal(["30", "30", "27 90.0%", "11 36.7%", "14 46.7%", "5 16.7%", "36.7%", "83.3%", "66.7% 20/30", "+30.0"], Cells(third));
        Assert.Equal("/Manage/Suggestions?year=2025&unit=U990102-03", third.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal(["6", "0", "0 —", "0 —", "0 —", "0 —", "—", "—", "— 0/0", "—"], Cells(Row(page, "figures-by-unit", "none")));
        Assert.Equal(["70", "70", "64 91.4%", "70 100.0%", "0 0.0%", "0 0.0%", "100.0%", "100.0%", "100.0% 67/67", "0.0"], Cells(Row(page, "figures-by-unit", "U990102-02")));

        Assert.Equal(["109", "105", "84 80.0%", "95 90.5%", "7 6.7%", "3 2.9%", "90.5%", "97.1%", "95.2% 100/105", "+4.8"], Cells(Row(page, "figures-by-category", "HB")));
        Assert.Equal(["CJ", "HB", "JY", "total"], page.QuerySelectorAll("[data-testid=figures-by-category] tr[data-key]").Select(r => r.GetAttribute("data-key")));
        Assert.Null(page.QuerySelector("[data-testid=figures-by-unit] tr[data-key=U990103-01]"));
    }

    [Fact]
    public async Task TheFiguresPageDefaultsToThisYearAndSaysWhenThereIsNothing()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        var page = await client.GetDocumentAsync("/Manage/Suggestions/Figures?year=abc");

        var thisYear = Core.Calendar.ChinaTime.Today(TimeProvider.System).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(thisYear, page.QuerySelector("#year option[selected]")!.GetAttribute("value"));
        Assert.Contains("2025", page.QuerySelectorAll("#year option").Select(o => o.GetAttribute("value")));

        // A year without any suggestion (this year has the demo's) says so instead of empty tables.
        var empty = await client.GetDocumentAsync("/Manage/Suggestions/Figures?year=2024");
        Assert.NotNull(empty.QuerySelector("[data-testid=figures-empty]"));
        Assert.Null(empty.QuerySelector("[data-testid=figures-by-unit]"));
    }

    [Fact]
    public async Task TheCsvExportHasTheSameTables()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        var page = await client.GetDocumentAsync("/Manage/Suggestions/Figures?year=2025");

        using var response = await client.GetAsync(page.QuerySelector("[data-testid=figures-csv]")!.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("suggestion-figures-2025.csv", response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("分组,名称,立案数,已答复,按时答复,按时答复率,A类,", lines[0], StringComparison.Ordinal);
        Assert.Equal("合计,合计,230,220,199,90.5%,201,91.4%,14,6.4%,5,2.3%,91.4%,97.7%,217,187,20,10,95.4%,+4.0", lines[1]);
        Assert.Equal("批次,2025年第1次会议,220,210,189,90.0%,191,91.0%,14,6.7%,5,2.4%,91.0%,97.6%,210,180,20,10,95.2%,+4.3", lines[3]);
        Assert.Contains("主办单位,东湖区教育局,30,30,27,90.0%,11,36.7%,14,46.7%,5,16.7%,36.7%,83.3%,30,0,20,10,66.7%,+30.0", lines);
        Assert.Contains("类别,教育,10,10,10,100.0%,10,100.0%,0,0.0%,0,0.0%,100.0%,100.0%,7,7,0,0,100.0%,0.0", lines);
        // total, 2 batches, 3 units + not assigned, 3 categories
        Assert.Equal(1 + 1 + 2 + 4 + 3, lines.Length);
    }

    [Fact]
    public async Task TheBatchViewCountsByStateUnitAndGradeWithLinksIntoTheList()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        var id = FiguresTestData.Id(portal.Batches.Session);
        var page = await client.GetDocumentAsync($"/Manage/Suggestions/Batch/{id}");

        Assert.Contains("2025年第1次会议", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("交办后 3 个月内答复", page.QuerySelector("[data-testid=batch-rule]")!.TextContent.Trim());
        Assert.Equal("2025-01-08", page.QuerySelector("[data-testid=batch-meeting]")!.TextContent.Trim());
        var states = page.QuerySelectorAll("[data-testid=batch-by-state] tr[data-state]")
            .Select(r => (r.GetAttribute("data-state"), r.QuerySelector("td")!.TextContent.Trim(), r.QuerySelector("a")!.GetAttribute("href")))
            .ToList();
        Assert.Equal(
            [
                ("Submitted", "4", $"/Manage/Suggestions?batch={id}&state=Submitted"),
                ("Returned", "3", $"/Manage/Suggestions?batch={id}&state=Returned"),
                ("Accepted", "6", $"/Manage/Suggestions?batch={id}&state=Accepted"),
                ("Assigned", "6", $"/Manage/Suggestions?batch={id}&state=Assigned"),
                ("Replied", "0", $"/Manage/Suggestions?batch={id}&state=Replied"),
                ("Closed", "208", $"/Manage/Suggestions?batch={id}&state=Closed"),
                ("Converted", "2", $"/Manage/Suggestions?batch={id}&state=Converted"),
            ],
            states);
        Assert.Equal("229", page.QuerySelector("[data-testid=batch-state-total]")!.TextContent.Trim());
        Assert.Equal(
            [("A", "191"), ("B", "14"), ("C", "5"), ("none", "10")],
            page.QuerySelectorAll("[data-testid=batch-by-grade] tr").Select(r => (r.GetAttribute("data-grade"), r.QuerySelector("td")!.TextContent.Trim())));

        var first = Row(page, "batch-by-unit", "U990102-01");
        Assert.Equal(["124", "120", "108 90.0%", "120 100.0%", "0 0.0%", "0 0.0%", "100.0%", "100.0%", "100.0% 120/120", "0.0"], Cells(first));
        Assert.Equal($"/Manage/Suggestions?batch={id}&unit=U990102-01", first.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal(["220", "210", "189 90.0%", "191 91.0%", "14 6.7%", "5 2.4%", "91.0%", "97.6%", "95.2% 200/210", "+4.3"], Cells(Row(page, "batch-by-unit", "total")));
        Assert.Equal(["111", "105", "105 100.0%", "96 91.4%", "7 6.7%", "2 1.9%", "91.4%", "98.1%", "95.2% 100/105", "+3.8"], Cells(Row(page, "batch-by-category", "CJ")));
        Assert.Equal($"/Manage/Suggestions?batch={id}&category=CJ", Row(page, "batch-by-category", "CJ").QuerySelector("th a")!.GetAttribute("href"));

        using var unknown = await client.GetAsync("/Manage/Suggestions/Batch/999999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AnotherRegionsOfficeSeesNoneOfThem()
    {
        using var client = await SignedInAsync(WestOffice);

        using var batch = await client.GetAsync($"/Manage/Suggestions/Batch/{portal.Batches.Session}");
        Assert.Equal(HttpStatusCode.NotFound, batch.StatusCode);
        var figures = await client.GetDocumentAsync("/Manage/Suggestions/Figures?year=2025");
        Assert.Equal(["U990103-01", "total"], figures.QuerySelectorAll("[data-testid=figures-by-unit] tr[data-key]").Select(r => r.GetAttribute("data-key")));
        Assert.Equal(["7", "7", "7 100.0%", "7 100.0%", "0 0.0%", "0 0.0%", "100.0%", "100.0%", "100.0% 7/7", "0.0"], Cells(Row(figures, "figures-by-unit", "total")));
        Assert.DoesNotContain("东湖区", figures.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var report = await client.GetDocumentAsync("/Manage/Suggestions/Report/2025");
        Assert.DoesNotContain("东湖区", report.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("本年度没有重点督办建议。", report.QuerySelector("[data-testid=report-key]")!.TextContent, StringComparison.Ordinal);

        using var own = await client.GetAsync($"/Manage/Suggestions/Batch/{portal.Batches.OtherRegion}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task StationStaffCannotOpenThem()
    {
        using var client = await SignedInAsync("station@liaison.demo");

        foreach (var url in new[] { "/Manage/Suggestions/Figures?year=2025", $"/Manage/Suggestions/Batch/{portal.Batches.Session}", "/Manage/Suggestions/Report/2025" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
            Assert.Contains("AccessDenied", response.Headers.Location?.ToString() ?? "AccessDenied", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheReportHasTheSummaryThePerUnitTableAndTheKeySuggestionsWithoutTheStaffMenu()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        var report = await client.GetDocumentAsync("/Manage/Suggestions/Report/2025");

        Assert.Equal("2025年度代表建议办理情况报告", report.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(report.QuerySelector(".staff-header"));
        Assert.Contains("东湖区（990102）", report.QuerySelector(".report-sub")!.TextContent, StringComparison.Ordinal);
        var summary = report.QuerySelector("[data-testid=report-summary]")!.TextContent;
        foreach (var part in new[]
        {
            "2025年共立案代表建议 230 件，已答复 220 件，其中按时答复 199 件，按时答复率 90.5%。",
            "A 类（已解决或采纳）201 件、B 类（正在解决或列入计划）14 件、C 类（暂不能解决）5 件，办成率（A 类占已答复）91.4%，A、B 类合计占 97.7%。",
            "代表已评价 217 件，其中满意 187 件、基本满意 20 件、不满意 10 件，满意率 95.4%；满意率与办成率相差 +4.0 个百分点。",
            "列为重点督办建议 3 件。",
        })
        {
            Assert.Contains(part, summary, StringComparison.Ordinal);
        }

        var units = report.QuerySelectorAll("[data-testid=report-units] tr[data-key]")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["3", "东湖区教育局", "30", "30", "2790.0%", "11", "14", "5", "36.7%", "83.3%", "66.7%", "+30.0"], units[2]);
        Assert.Equal(["4", "未交办", "6", "0", "0—", "0", "0", "0", "—", "—", "—", "—"], units[3]);
        Assert.Equal(["", "合计", "230", "220", "19990.5%", "201", "14", "5", "91.4%", "97.7%", "95.4%", "+4.0"], units[4]);
        var key = report.QuerySelectorAll("[data-testid=report-key] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(3, key.Count);
        Assert.Equal(["2025-第1次会议-第0208号", "测试建议第1次会议0208", "陈国栋", "东湖区教育局", "常委会副主任207"], key[2][..5]);
        Assert.Contains("C 类", key[2][5], StringComparison.Ordinal);

        using var bare = await client.GetAsync("/Manage/Suggestions/Report");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Matches(@"^/Manage/Suggestions/Report/20\d\d$", bare.Headers.Location!.ToString());
        using var far = await client.GetAsync("/Manage/Suggestions/Report/1800");
        Assert.Equal(HttpStatusCode.NotFound, far.StatusCode);
    }

    [Fact]
    public async Task TheOfficeHomeLinksToTheFiguresAndTheReport()
    {
        using var client = await SignedInAsync("office@liaison.demo");
        var home = await client.GetDocumentAsync("/Office");

        var links = home.QuerySelectorAll(".workspace-tasks a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/Manage/Suggestions/Figures", links);
        Assert.Contains("/Manage/Suggestions/Report", links);
    }

    private static IElement Row(IParentNode page, string table, string key) =>
        page.QuerySelector($"[data-testid={table}] tr[data-key='{key}']") ?? throw new Xunit.Sdk.XunitException($"no row {key} in {table}");

    private static List<string> Cells(IElement row) =>
        row.QuerySelectorAll("td").Select(c => string.Join(' ', c.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email, email == WestOffice ? Fixture.Password : "Demo-Liaison-2026");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The demo portal with the known suggestions, and a 西山区 office account.</summary>
    public sealed class Fixture : PortalFixture
    {
        public const string Password = "West-Desk-2026!";

        public FiguresTestData.Batches Batches { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Batches = await FiguresTestData.SeedAsync(this);
            await CreateUserAsync(new NewStaffAccount(WestOffice, Password, Roles.CongressStaff, RegionCode: "990103", DisplayName: "西山区代表工委"));
        }
    }
}
