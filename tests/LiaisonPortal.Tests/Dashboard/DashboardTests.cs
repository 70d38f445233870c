using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Dashboard;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Dashboard;

/// <summary>一屏纵览 on the demo data with <see cref="DashboardTestData"/>: the figures equal direct counts, in the service and on the page; scope; click-through; rebuild.</summary>
public sealed class DashboardTests(DashboardTests.Fixture portal) : IClassFixture<DashboardTests.Fixture>
{
    private static readonly int Year = DashboardTestData.Year;

    private static readonly string[] TileFigures = ["received", "in-handling", "overdue", "closed"];

    [Theory]
    [InlineData(12)]
    [InlineData(6)]
    [InlineData(1)]
    public async Task TheDashboardEqualsDirectCountsOnDemoData(int month)
    {
        var view = await ViewAsync(portal.EastScope, null, month);
        var direct = await DirectFigures.CountAsync(portal, DashboardTestData.East, Year, month);

        Assert.Equal(DashboardTestData.East, view.Region.Code);
        Assert.True(direct.Year.Received > 10 && direct.Month.Received > 0, "the test data reaches the region and the month");
        Assert.Equal(direct.Month, view.ThisMonth);
        Assert.Equal(direct.Year, view.ThisYear);
        Assert.Equal(direct.Trend, view.Trend);
        Assert.Equal(direct.ReceivedByCategory.OrderBy(p => p.Key), view.ByCategory.Where(r => r.Code is not null).Select(r => KeyValuePair.Create(r.Code!, r.Counts.Received)).OrderBy(p => p.Key));
        Assert.Equal(direct.Unclassified, view.ByCategory.SingleOrDefault(r => r.Code is null)?.Counts.Received ?? 0);
        // By station the overdue flag is not counted (it is a tile figure only).
        Assert.Equal(
            direct.ByStation.Where(s => s.Value.Received > 0).Select(s => KeyValuePair.Create(s.Key, s.Value with { Overdue = 0 })).OrderBy(s => s.Key),
            view.ByStation.Where(s => s.Counts.Received > 0).Select(s => KeyValuePair.Create(s.Code!, s.Counts)).OrderBy(s => s.Key));
        Assert.Equal(view.ByStation.Select(s => s.Counts.Received), view.ByStation.Select(s => s.Counts.Received).OrderDescending());
        Assert.Equal(direct.ByUnit.OrderBy(u => u.Key), view.ByUnit.Select(u => KeyValuePair.Create(u.Code, (u.Assigned, u.OnTime, u.Answered, u.AnswerWorkingDays))).OrderBy(u => u.Key));
        Assert.Equal(direct.ReceptionMonth, view.ReceptionMonth);
        Assert.Equal(direct.ReceptionYear, view.ReceptionYear);
    }

    [Fact]
    public async Task ThePageShowsTheDirectCountsAndItsDefinitions()
    {
        using var client = await portal.SignedInAsync("office@liaison.demo");
        var page = await client.GetDocumentAsync($"/Manage/Dashboard?year={Year}&month=12");
        var direct = await DirectFigures.CountAsync(portal, DashboardTestData.East, Year, 12);

        Assert.Equal([direct.Month.Received, direct.Month.InHandling, direct.Month.Overdue, direct.Month.Closed], Tiles(page, "month"));
        Assert.Equal([direct.Year.Received, direct.Year.InHandling, direct.Year.Overdue, direct.Year.Closed], Tiles(page, "year"));
        Assert.Equal(Core.Suggestions.FigureCounts.Percent(direct.Year.SatisfactionRate), page.QuerySelector("[data-testid=tiles-year] [data-figure=satisfaction] .tile-value")!.TextContent.Trim());
        Assert.Equal(Core.Suggestions.FigureCounts.Percent(direct.Year.CompletionRate), page.QuerySelector("[data-testid=tiles-year] [data-figure=completion] .tile-value")!.TextContent.Trim());
        Assert.Equal(Core.Suggestions.FigureCounts.Percent(direct.Year.OnTimeRate), page.QuerySelector("[data-testid=tiles-year] [data-figure=on-time] .tile-value")!.TextContent.Trim());
        Assert.Equal(direct.ReceptionYear.Held, Value(page.QuerySelector("[data-testid=tiles-year] [data-figure=reception]")!));
        Assert.Equal(direct.Trend.Select(p => p.Received), page.QuerySelectorAll("[data-figure=trend-received]").Select(Value));
        foreach (var station in page.QuerySelectorAll("[data-testid=by-station] a[data-figure=station]"))
        {
            Assert.Equal(direct.ByStation[station.GetAttribute("data-code")!].Received, Value(station));
        }

        foreach (var unit in page.QuerySelectorAll("[data-testid=by-unit] tr[data-unit]"))
        {
            var (assigned, onTime, answered, days) = direct.ByUnit[unit.GetAttribute("data-unit")!];
            Assert.Equal(assigned, Value(unit.QuerySelector("[data-figure=unit]")!));
            Assert.Equal(Core.Suggestions.FigureCounts.Percent(Core.Suggestions.FigureCounts.Rate(onTime, assigned)), unit.QuerySelector("[data-figure=unit-on-time]")!.TextContent.Trim());
            Assert.Equal(Math.Round((decimal)days / answered, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture), unit.QuerySelector("[data-figure=unit-days]")!.TextContent.Trim());
        }

        Assert.Contains("数据截至", page.QuerySelector("[data-testid=as-of]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("满意率 =（满意 + 基本满意）÷ 已评价", page.QuerySelector("[data-testid=definitions]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryFigureLinkOpensAListWhoseTotalEqualsTheFigure()
    {
        using var client = await portal.SignedInAsync("office@liaison.demo");
        var page = await client.GetDocumentAsync($"/Manage/Dashboard?year={Year}&month=12");
        var links = page.QuerySelectorAll("[data-testid^=tiles-] a[data-value][data-figure]:not([data-figure=reception])")
            .Concat(page.QuerySelectorAll("a[data-figure=station], a[data-figure=category], a[data-figure=unit], [data-figure=trend-received], [data-figure=trend-closed]").Take(12))
            .ToList();
        Assert.True(links.Count >= 20, $"{links.Count} figure links");
        foreach (var link in links)
        {
            var href = link.GetAttribute("href")!;
            var list = await client.GetDocumentAsync(href);
            var total = int.Parse(list.QuerySelector(".state-pill.active .count")!.TextContent, CultureInfo.InvariantCulture);
            Assert.True(Value(link) == total, $"{link.GetAttribute("data-figure")} {Value(link)} ≠ {total} at {href}");
        }
    }

    [Fact]
    public async Task TheWestOfficeCannotSeeTheEastAndItsFiguresLeaveItOut()
    {
        using var west = await portal.SignedInAsync(Fixture.WestOffice);
        using (var response = await west.GetAsync($"/Manage/Dashboard?region={DashboardTestData.East}&year={Year}&month=12"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var own = await west.GetDocumentAsync($"/Manage/Dashboard?year={Year}&month=12");
        var direct = await DirectFigures.CountAsync(portal, DashboardTestData.West, Year, 12);
        var east = await DirectFigures.CountAsync(portal, DashboardTestData.East, Year, 12);
        Assert.Contains("西山区", own.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(direct.Year.Received, Tiles(own, "year")[0]);
        Assert.NotEqual(direct.Year.Received + east.Year.Received, Tiles(own, "year")[0]);
        Assert.DoesNotContain(own.QuerySelectorAll("#region option"), o => o.GetAttribute("value") == DashboardTestData.East);
        Assert.All(own.QuerySelectorAll("a[data-figure=station]"), a => Assert.StartsWith(DashboardTestData.West, a.GetAttribute("data-code"), StringComparison.Ordinal));

        using var station = await portal.SignedInAsync("station@liaison.demo");
        using (var response = await station.GetAsync("/Manage/Dashboard"))
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Redirect });
            Assert.DoesNotContain("一屏纵览", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var admin = await portal.SignedInAsync("admin@liaison.demo");
        var chosen = await admin.GetDocumentAsync($"/Manage/Dashboard?region={DashboardTestData.West}&year={Year}&month=12");
        Assert.Equal(direct.Year.Received, Tiles(chosen, "year")[0]);
        var cityWide = await admin.GetDocumentAsync($"/Manage/Dashboard?year={Year}&month=12");
        Assert.Equal(direct.Year.Received + east.Year.Received, Tiles(cityWide, "year")[0]);
    }

    [Fact]
    public async Task ARegionWithoutOpinionsShowsAnEmptyState()
    {
        using var admin = await portal.SignedInAsync("admin@liaison.demo");
        var page = await admin.GetDocumentAsync($"/Manage/Dashboard?region={DashboardTestData.West}&year=2001&month=3");

        Assert.NotNull(page.QuerySelector("[data-testid=dashboard-empty]"));
        Assert.Equal([0, 0, 0, 0], Tiles(page, "year"));
        Assert.Equal("—", page.QuerySelector("[data-testid=tiles-year] [data-figure=satisfaction] .tile-value")!.TextContent.Trim());
    }

    [Fact]
    public async Task TheOfficeHomeLinksToTheDashboard()
    {
        using var client = await portal.SignedInAsync("office@liaison.demo");
        var home = await client.GetDocumentAsync("/Office");

        Assert.NotNull(home.QuerySelector(".workspace-tasks a[href='/Manage/Dashboard']"));
    }

    [Fact]
    public async Task ARebuildFromTheOpinionsEqualsWhatTheSavesKept()
    {
        var kept = await RollupsAsync();
        Assert.True(kept.Months.Count > 50, "the saves kept the rollups");

        var written = await portal.WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().RebuildAsync());
        var rebuilt = await RollupsAsync();

        Assert.Equal(kept.Months.Count + kept.Units.Count, written);
        Assert.Equal(kept.Months, rebuilt.Months);
        Assert.Equal(kept.Units, rebuilt.Units);
    }

    [Fact]
    public async Task ASaveMarksItsMonthInItsOwnTransactionAndTheCatchUpRecountsIt()
    {
        var (station, month) = await portal.QueryAsync(async db =>
        {
            var o = await db.Opinions.Where(o => o.TrackingCode.StartsWith("DSH0")).OrderBy(o => o.Id).FirstAsync();
            return (o.StationId, DashboardKey.Of(o.StationId, o.ReceivedAt).Month);
        });
        var at = new DateTimeOffset(month.ToDateTime(new TimeOnly(10, 0)), Core.Calendar.ChinaTime.Offset).ToUniversalTime();
        int Received(List<string> months) => months.Where(m => m.StartsWith(FormattableString.Invariant($"{station} {month:yyyy-MM} "), StringComparison.Ordinal))
            .Sum(m => int.Parse(m.Split(": ")[1].Split(' ')[0], CultureInfo.InvariantCulture));
        var before = Received((await RollupsAsync()).Months);

        // A rolled-back transaction leaves neither the opinion nor a mark; a committed one leaves both.
        await portal.QueryAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Opinions.Add(new Opinion("DSHMARK1", OpinionChannel.Web, station, null, "回滚的意见", "这条意见随事务回滚", at));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });
        Assert.Equal(0, await portal.WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().PendingAsync()));
        await portal.QueryAsync(async db =>
        {
            db.Opinions.Add(new Opinion("DSHMARK2", OpinionChannel.Web, station, null, "提交的意见", "这条意见已提交", at));
            return await db.SaveChangesAsync();
        });
        var marked = Assert.Single(await portal.QueryAsync(db => db.Set<DashboardDirtyMonth>().ToListAsync()));

        Assert.Equal((station, month), (marked.StationId, marked.Month));
        Assert.Equal(before, Received((await RollupsAsync()).Months));

        Assert.Equal(1, await portal.WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().CatchUpAsync()));
        Assert.Equal(before + 1, Received((await RollupsAsync()).Months));
        Assert.Equal(0, await portal.WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().PendingAsync()));

        var kept = await RollupsAsync();
        await portal.WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().RebuildAsync());
        Assert.Equal(kept, await RollupsAsync(), new RollupComparer());
    }

    [BrowserFact]
    public async Task TheDashboardReadsOnADesktopAndAPhone()
    {
        await using var kestrel = await KestrelPortal.StartAsync(portal.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var direct = await DirectFigures.CountAsync(portal, DashboardTestData.East, Year, 12);
        foreach (var (width, height, name) in new[] { (1280, 900, "dashboard-desktop.png"), (390, 844, "dashboard-phone.png") })
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = width, Height = height } });
            await page.GotoAsync(new Uri(kestrel.Address, "/Account/Login").ToString());
            await page.FillAsync("#Input_Email", "office@liaison.demo");
            await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
            await page.ClickAsync("#login-submit");
            await page.WaitForSelectorAsync("[data-testid=scope-name]");
            await page.GotoAsync(new Uri(kestrel.Address, $"/Manage/Dashboard?year={Year}&month=12").ToString());
            var received = page.Locator("[data-testid=tiles-year] [data-figure=received] .tile-value");
            Assert.True(await received.IsVisibleAsync());
            Assert.Equal(direct.Year.Received.ToString("N0", CultureInfo.InvariantCulture), (await received.InnerTextAsync()).Trim());
            Assert.True(await page.Locator("[data-testid=trend] svg rect").First.IsVisibleAsync());
            Assert.True(await page.Locator("[data-testid=by-station] a[data-figure=station]").First.IsVisibleAsync());
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(overflow, $"the page does not scroll sideways at {width} px");
            await Chromium.ScreenshotAsync(page, name);
        }
    }

    private async Task<(List<string> Months, List<string> Units)> RollupsAsync() => await portal.QueryAsync(async db => (
        (await db.Set<DashboardMonth>().AsNoTracking().ToListAsync())
            .Select(m => $"{m.StationId} {m.Month:yyyy-MM} {m.CategoryId}: {m.Received} {m.InHandling} {m.Closed} {m.Assigned} {m.OnTime} {m.Rated} {m.Satisfied}").Order(StringComparer.Ordinal).ToList(),
        (await db.Set<DashboardUnitMonth>().AsNoTracking().ToListAsync())
            .Select(m => $"{m.StationId} {m.Month:yyyy-MM} {m.HandlingUnitId}: {m.Assigned} {m.OnTime} {m.Answered} {m.AnswerWorkingDays}").Order(StringComparer.Ordinal).ToList()));

    private Task<OfficeDashboardView> ViewAsync(StaffScope scope, string? region, int month) =>
        portal.WithScopeAsync(async s => (await s.GetRequiredService<OfficeDashboard>().ViewAsync(scope, region, Year, month))!);

    private static int Value(IElement element) => int.Parse(element.GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    private static List<int> Tiles(AngleSharp.Html.Dom.IHtmlDocument page, string period) =>
        TileFigures.Select(f => Value(page.QuerySelector($"[data-testid=tiles-{period}] [data-figure={f}]")!)).ToList();

    private sealed class RollupComparer : IEqualityComparer<(List<string> Months, List<string> Units)>
    {
        public bool Equals((List<string> Months, List<string> Units) x, (List<string> Months, List<string> Units) y) =>
            x.Months.SequenceEqual(y.Months) && x.Units.SequenceEqual(y.Units);

        public int GetHashCode((List<string> Months, List<string> Units) obj) => obj.Months.Count;
    }

    public sealed class Fixture : PortalFixture
    {
        public const string WestOffice = "west-office@dashboard.test";

        public StaffScope EastScope { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await DashboardTestData.SeedAsync(this);
            // What the background worker does every few seconds in the portal (it is off in test hosts).
            await WithScopeAsync(s => s.GetRequiredService<DashboardRollups>().CatchUpAsync());
            EastScope = StaffScope.ForRegion(await QueryAsync(db => db.Regions.Where(r => r.Code == DashboardTestData.East).Select(r => r.Id).SingleAsync()));
            await CreateUserAsync(new NewStaffAccount(WestOffice, "Demo-Liaison-2026", Roles.CongressStaff, RegionCode: DashboardTestData.West, DisplayName: "西山区人大代表工委"));
        }

        public async Task<HttpClient> SignedInAsync(string email)
        {
            var client = Factory.CreateBrowserLikeClient();
            await client.SignInAsync(email);
            return client;
        }
    }
}
