using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using LiaisonPortal.Core.Openness;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Open;

/// <summary>履职公开: the figures equal direct counts, small cells are suppressed, and the page shows no personal data.</summary>
public sealed class OpenFiguresTests(OpenFiguresTests.Fixture portal) : IClassFixture<OpenFiguresTests.Fixture>
{
    private static readonly int Year = OpenTestData.Year;

    [Theory]
    [InlineData(0, "<5")]
    [InlineData(1, "<5")]
    [InlineData(4, "<5")]
    [InlineData(5, "5")]
    [InlineData(1234, "1,234")]
    public void ACountUnderFiveIsSuppressed(int count, string shown) => Assert.Equal(shown, Disclosure.Count(count));

    [Theory]
    [InlineData(1, 1, "—")]
    [InlineData(4, 4, "—")]
    [InlineData(4, 5, "80.0%")]
    [InlineData(0, 5, "0.0%")]
    [InlineData(5, 6, "83.3%")]
    public void ARateOverFewerThanFiveIsSuppressed(int count, int of, string shown) => Assert.Equal(shown, Disclosure.Rate(count, of));

    [Fact]
    public async Task TheFiguresEqualTheDirectCountsAndSmallCellsAreSuppressed()
    {
        var set = await portal.WithScopeAsync(s => s.GetRequiredService<OpenFigures>().FiguresAsync(OpenTestData.District, null));

        Assert.NotNull(set);
        Assert.Equal(Year, set.Year);
        Assert.Equal(["990100", OpenTestData.District], set.Path.Select(r => r.Code));
        // District: 8 receptions, 21 people, 10 opinions, 5 of 6 assigned answered on time, 4 of 5 rated satisfied at the busy station + 1 of 1 at the quiet one.
        Assert.Equal(new OpenRow(OpenTestData.District, "开放测试区", "8", "21", "10", "5", "83.3%", "83.3%"), set.Total);
        Assert.Equal(
            [
                // The quiet street's small counts would be the total minus the busy street's: so those are hidden too
                // (not the answered-on-time count: the quiet street's is 0, and a zero identifies no one).
                new OpenRow(OpenTestData.BusyStreet, "甲街道", "*", "*", "*", "5", "83.3%", "80.0%"),
                new OpenRow(OpenTestData.QuietStreet, "乙街道", "<5", "<5", "<5", "<5", "—", "—"),
            ],
            set.SubRegions);
        Assert.Equal(
            [
                new OpenRow(OpenTestData.Busy, "甲街道联络站", "*", "*", "*", "5", "83.3%", "80.0%"),
                new OpenRow(OpenTestData.Quiet, "乙街道联络站", "<5", "<5", "<5", "<5", "—", "—"),
            ],
            set.Stations);
        Assert.Equal(
            [
                new OpenDeputyRow(OpenTestData.BusyDeputy, "开放代表甲", "5", "6"),
                new OpenDeputyRow(OpenTestData.QuietDeputy, "开放代表乙", "<5", "<5"),
            ],
            set.Deputies.Items);
    }

    [Fact]
    public async Task TheDeputiesTableIsPagedAndCountsEveryActiveDeputyOfTheRegionOnce()
    {
        var first = await portal.WithScopeAsync(s => s.GetRequiredService<OpenFigures>().FiguresAsync("990100", Year, 1));
        var second = await portal.WithScopeAsync(s => s.GetRequiredService<OpenFigures>().FiguresAsync("990100", Year, 2));
        var expected = await portal.QueryAsync(db => Task.FromResult(db.DeputyStations
            .Where(e => e.Deputy.IsActive && e.Station.IsActive && e.Station.Region.Path.StartsWith("/990100/"))
            .Select(e => e.DeputyId).Distinct().Count()));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(expected, first.Deputies.Total);
        Assert.Equal(Math.Min(expected, OpenFigures.DeputiesPerPage), first.Deputies.Items.Count);
        Assert.Equal(Math.Clamp(expected - OpenFigures.DeputiesPerPage, 0, OpenFigures.DeputiesPerPage), second.Deputies.Items.Count);
        Assert.Empty(first.Deputies.Items.Select(d => d.Code).Intersect(second.Deputies.Items.Select(d => d.Code)));
    }

    [Fact]
    public async Task ADistrictWithSixtyDeputiesShowsFiftyThenTenWithAPagerThatKeepsRegionAndYear()
    {
        using var client = portal.Factory.CreateClient();
        var first = await client.GetDocumentAsync($"/open?region={OpenTestData.CrowdedDistrict}&year={Year}");
        var next = first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!;
        var second = await client.GetDocumentAsync(next);

        Assert.Equal(OpenFigures.DeputiesPerPage, first.QuerySelectorAll("[data-testid=open-deputies] tbody tr").Length);
        Assert.Contains($"region={OpenTestData.CrowdedDistrict}", next, StringComparison.Ordinal);
        Assert.Contains($"year={Year}", next, StringComparison.Ordinal);
        Assert.Equal(
            Enumerable.Range(OpenFigures.DeputiesPerPage + 1, OpenTestData.CrowdSize - OpenFigures.DeputiesPerPage).Select(i => $"分页代表{i:D3}"),
            second.QuerySelectorAll("[data-testid=open-deputies] tbody th").Select(c => c.TextContent.Trim()));
        Assert.Null(second.QuerySelector("nav.pager a[rel=next]"));
    }

    [Fact]
    public async Task TheFiguresMatchCountsTakenDirectlyFromTheTables()
    {
        var set = await portal.WithScopeAsync(s => s.GetRequiredService<OpenFigures>().FiguresAsync(OpenTestData.District, Year));
        var from = new DateTimeOffset(Year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        var (logs, people, opinions) = await portal.QueryAsync(async db =>
        {
            var stations = db.Stations.Where(s => s.Code == OpenTestData.Busy || s.Code == OpenTestData.Quiet).Select(s => s.Id).ToList();
            var year = db.ReceptionLogs.Where(l => stations.Contains(l.StationId) && l.Date.Year == Year);
            return (year.Count(), year.Sum(l => l.PeopleReceived),
                await Task.FromResult(db.Opinions.Count(o => stations.Contains(o.StationId) && o.ReceivedAt >= from && o.ReceivedAt < from.AddYears(1) && o.State != Core.Opinions.OpinionState.Merged)));
        });

        Assert.NotNull(set);
        Assert.Equal(Disclosure.Count(logs), set.Total.Receptions);
        Assert.Equal(Disclosure.Count(people), set.Total.PeopleReceived);
        Assert.Equal(Disclosure.Count(opinions), set.Total.Opinions);
        Assert.True(logs >= 5 && people >= 5 && opinions >= 5, "the district's numbers are shown");
    }

    [Fact]
    public async Task AnUnknownRegionOrYearFallsBackToTheTopRegionAndThisYear()
    {
        var set = await portal.WithScopeAsync(s => s.GetRequiredService<OpenFigures>().FiguresAsync("nowhere", 1990));

        Assert.NotNull(set);
        Assert.Equal("990100", set.Region.Code);
        Assert.Equal(Year, set.Year);
        Assert.Contains(set.SubRegions, r => r.Code == OpenTestData.District);
    }

    [Theory]
    [InlineData("/open")]
    [InlineData("/open?region=990199")]
    [InlineData("/open?region=990199002")]
    [InlineData("/open?region=990102")]
    public async Task AnonymousVisitorsSeeNoCellUnderFiveAndNoPersonalData(string url)
    {
        using var client = portal.Factory.CreateClient();
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);

        var cells = page.QuerySelectorAll("[data-figure]").Select(c => c.TextContent.Trim()).ToList();
        Assert.NotEmpty(cells);
        Assert.All(cells, AtLeastFiveOrSuppressed);
        Assert.All(page.QuerySelectorAll("td"), td => Assert.True(td.HasAttribute("data-figure"), "every table cell is a checked figure"));
        var html = page.DocumentElement.OuterHtml;
        Assert.All(OpenTestData.PersonalData, text => Assert.DoesNotContain(text, html, StringComparison.Ordinal));
        Assert.Null(page.QuerySelector("script"));
    }

    [Fact]
    public async Task TheTestDistrictPageShowsItsStationsDeputiesAndYears()
    {
        using var client = portal.Factory.CreateClient();
        var page = await client.GetDocumentAsync($"/open?region={OpenTestData.District}&year={Year}");

        Assert.Equal(
            ["8", "21", "10", "5", "83.3%", "83.3%"],
            page.QuerySelectorAll("[data-testid=open-total] [data-figure]").Select(c => c.TextContent.Trim()));
        Assert.Equal($"/stations/{OpenTestData.Busy}", page.QuerySelector($"a[href='/stations/{OpenTestData.Busy}']")!.GetAttribute("href"));
        Assert.Equal($"/open?region={OpenTestData.BusyStreet}&year={Year}", page.QuerySelector("a[href^='/open?region=990199001']")!.GetAttribute("href"));
        Assert.Equal(["开放代表甲", "开放代表乙"], page.QuerySelectorAll("[data-testid=open-deputies] tbody th").Select(c => c.TextContent.Trim()));
        Assert.Equal(Year.ToString(CultureInfo.InvariantCulture), page.QuerySelector("#year option[selected]")!.GetAttribute("value"));
        Assert.Equal(OpenFigures.YearsShown, page.QuerySelectorAll("#year option").Length);
        Assert.DoesNotContain("离任代表丙", page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var home = await client.GetDocumentAsync("/");
        Assert.Equal(2, home.QuerySelectorAll("a[href='/open']").Length);
    }

    [BrowserFact]
    public async Task ThePageReadsOnAPhoneAndADesktop()
    {
        await using var kestrel = await KestrelPortal.StartAsync(portal.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, JavaScriptEnabled = false });
        await phone.GotoAsync(new Uri(kestrel.Address, "/").ToString());
        await phone.ClickAsync("a.action[href='/open']");
        await phone.SelectOptionAsync("#region", OpenTestData.District);
        await phone.ClickAsync("form[role=search] button[type=submit]");
        await phone.WaitForSelectorAsync("[data-testid=open-deputies]");
        Assert.Equal("8", (await phone.InnerTextAsync("[data-testid=open-total] dd >> nth=0")).Trim());
        var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page itself does not scroll sideways on a phone");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.TestOutput("open-phone.png"), FullPage = true });

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await desktop.GotoAsync(new Uri(kestrel.Address, $"/open?region={OpenTestData.District}").ToString());
        await Chromium.ScreenshotAsync(desktop, "open-desktop.png");
    }

    private static void AtLeastFiveOrSuppressed(string cell)
    {
        if (cell is Disclosure.SuppressedCount or Disclosure.SuppressedRate or Disclosure.ProtectingCount)
        {
            return;
        }

        var isRate = cell.EndsWith('%');
        var number = decimal.Parse(cell.TrimEnd('%').Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);
        // A rate is shown only over five or more, so its own value may be anything from 0% to 100%; a count must be 5 or more.
        Assert.True(isRate ? number is >= 0 and <= 100 : number >= Disclosure.Threshold, $"cell '{cell}' is under {Disclosure.Threshold}");
    }

    public sealed class Fixture : PortalFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await OpenTestData.SeedAsync(this);
        }
    }
}
