using System.Net;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Pages.Public;

public class DirectoryPagesTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task TheStationDirectoryListsActiveStationsWithKindAddressAndDeputyCount()
    {
        using var client = portal.Factory.CreateClient();

        var page = await client.GetDocumentAsync("/stations");

        Assert.Equal("共 22 个联络站", page.QuerySelector("[data-testid=result-count]")!.TextContent);
        var first = page.QuerySelectorAll(".station-card").First(c => c.TextContent.Contains("湖滨街道人大代表之家", StringComparison.Ordinal));
        Assert.Contains("人大代表之家 · 湖滨街道", first.QuerySelector(".tag")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("5 位代表进站", first.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("https://uri.amap.com/marker?position=120.3119,31.4912", first.QuerySelector("a[href^='https://uri.amap.com']")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task FiltersByKindAndRegionAndKeepsWhatWasChosen()
    {
        using var client = portal.Factory.CreateClient();

        var page = await client.GetDocumentAsync("/stations?region=990103&kind=MobileStation");

        Assert.Equal(["山前流动联络站"], page.QuerySelectorAll(".station-card h2").Select(h => h.TextContent.Trim()));
        Assert.Equal("990103", page.QuerySelector("#region option[selected]")!.GetAttribute("value"));
        Assert.Equal("MobileStation", page.QuerySelector("#kind option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task ASearchWithNoResultSaysSoAndKeepsTheText()
    {
        using var client = portal.Factory.CreateClient();

        var page = await client.GetDocumentAsync("/stations?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.Contains("没有找到符合条件的联络站", page.QuerySelector(".empty")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script>", page.QuerySelector("#q")!.GetAttribute("value"));
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task AnUnknownKindInTheQueryIsIgnoredNotAnError()
    {
        using var client = portal.Factory.CreateClient();

        using var response = await client.GetAsync("/stations?kind=Castle&page=abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AStationPageListsItsDeputiesWhoLinkToTheirProfiles()
    {
        using var client = portal.Factory.CreateClient();

        var station = await client.GetDocumentAsync("/stations/990102002-02");
        var links = station.QuerySelectorAll(".people a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        var deputy = await client.GetDocumentAsync(links[0].Item2!);

        Assert.Equal([("刘雅琴", "/deputies/D0002"), ("赵明", "/deputies/D0003")], links);
        Assert.Equal("刘雅琴", deputy.QuerySelector("h1")!.TextContent);
        Assert.Equal("省人大代表", deputy.QuerySelector(".tag")!.TextContent);
        Assert.Contains("青石科技园人大代表联系点", deputy.QuerySelector(".people")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeputiesFilterByLevelAndPageWithTheFiltersKept()
    {
        using var client = portal.Factory.CreateClient();

        var all = await client.GetDocumentAsync("/deputies");
        var county = await client.GetDocumentAsync("/deputies?level=County");

        Assert.Equal("共 37 位代表", all.QuerySelector("[data-testid=result-count]")!.TextContent);
        Assert.Equal(14, county.QuerySelectorAll(".deputy-card").Length);
        Assert.All(county.QuerySelectorAll(".deputy-card .tag"), t => Assert.Equal("区县人大代表", t.TextContent));
    }

    [Theory]
    [InlineData("/stations/NO-SUCH")]
    [InlineData("/deputies/NO-SUCH")]
    public async Task AnUnknownCodeIsAFriendly404(string url)
    {
        using var client = portal.Factory.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePublicPagesAreLight()
    {
        using var client = portal.Factory.CreateClient();

        foreach (var url in new[] { "/", "/stations", "/deputies/D0004" })
        {
            var html = await client.GetByteArrayAsync(url);
            var css = await client.GetByteArrayAsync("/css/public.css");
            Assert.True(html.Length + css.Length < 60 * 1024, $"{url}: {html.Length + css.Length} bytes");
        }
    }
}
