using System.Net;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Pages.Manage;

/// <summary>The printables: a deputy's contact card, a station's door poster and its sheet of cards, within the account's scope.</summary>
public class PrintTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task ADeputysContactCardShowsWhoTheyAreWhereTheyReceiveTheirCommitmentAndTheQrOfTheirForm()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        var page = await client.GetDocumentAsync("/manage/print/deputies/D0004");

        var card = page.QuerySelector("[data-testid=contact-card]")!;
        Assert.Equal("王建华", card.QuerySelector(".card-name")!.TextContent);
        Assert.Equal("市人大代表", card.QuerySelector(".card-level")!.TextContent);
        Assert.Equal("湖滨街道人大代表之家", card.QuerySelector(".card-station")!.TextContent);
        Assert.Contains("扎根群众、倾听民声，件件有回音。", card.QuerySelector(".card-commitment")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("王", card.QuerySelector(".card-initial")!.TextContent);
        var qr = card.QuerySelector("figure.qr")!;
        Assert.Equal("http://localhost:5080/d/D0004", qr.GetAttribute("data-url"));
        Assert.NotNull(qr.QuerySelector("svg[viewBox]"));
        Assert.Equal("扫码说事", qr.QuerySelector("figcaption")!.TextContent);
        Assert.Contains("size: 85.6mm 54mm", page.QuerySelector("head style")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("link[href*=bootstrap]"));
        Assert.NotNull(page.QuerySelector("button[data-print]"));
    }

    [Fact]
    public async Task AStationsDoorPosterShowsItsNameNumberHoursReceptionNoteAndQr()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        var page = await client.GetDocumentAsync("/manage/print/stations/990102001-01/poster");

        var poster = page.QuerySelector("[data-testid=poster]")!;
        Assert.Equal("湖滨街道人大代表之家", poster.QuerySelector("h1")!.TextContent);
        Assert.Contains("990102001-01", poster.QuerySelector(".poster-code")!.TextContent, StringComparison.Ordinal);
        var facts = poster.QuerySelector(".poster-facts")!.TextContent;
        Assert.Contains("开放时间", facts, StringComparison.Ordinal);
        // The district's rule in words, and the next date it gives.
        Assert.Contains("每月第三个星期二 09:00–11:30，遇节假日顺延", facts, StringComparison.Ordinal);
        Assert.StartsWith("下次：", poster.QuerySelector("[data-testid=poster-next]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("东湖区湖滨路 88 号", facts, StringComparison.Ordinal);
        Assert.Equal("http://localhost:5080/s/990102001-01", poster.QuerySelector("figure.qr")!.GetAttribute("data-url"));
        Assert.NotNull(poster.QuerySelector("figure.qr svg[viewBox]"));
        Assert.Contains("size: A4 portrait", page.QuerySelector("head style")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCardSheetHasEveryEnrolledActiveDeputyTenToASheet()
    {
        // Twelve deputies in one station (two of them from the demo data), one of them deactivated.
        await portal.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "DeputyStations" ("DeputyId", "StationId", "IsPrimary")
            SELECT d."Id", s."Id", false FROM "Deputies" d, "Stations" s
            WHERE s."Code" = '990102001-02' AND d."Code" BETWEEN 'D0017' AND 'D0027'
            """));
        await portal.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "Deputies" SET "IsActive" = false WHERE "Code" = 'D0026'"""));
        using var client = await SignedInAsync("office@liaison.demo");

        var page = await client.GetDocumentAsync("/manage/print/stations/990102001-02/cards");

        var sheets = page.QuerySelectorAll("[data-testid=card-sheet]");
        Assert.Equal([10, 2], sheets.Select(s => s.QuerySelectorAll("[data-testid=contact-card]").Length));
        var codes = page.QuerySelectorAll("[data-testid=contact-card]").Select(c => c.GetAttribute("data-code")).ToList();
        Assert.Equal(12, codes.Count);
        Assert.DoesNotContain("D0026", codes);
        Assert.Contains("D0014", codes);
        Assert.All(page.QuerySelectorAll("[data-testid=contact-card]"), card =>
        {
            Assert.Equal("湖滨纺织集团人大代表联系点", card.QuerySelector(".card-station")!.TextContent);
            Assert.Equal($"http://localhost:5080/d/{card.GetAttribute("data-code")}", card.QuerySelector("figure.qr")!.GetAttribute("data-url"));
        });
    }

    [Fact]
    public async Task StationStaffPrintTheirOwnStationsPosterAndCardsAndTheCardOfADeputyEnrolledThere()
    {
        using var client = await SignedInAsync("station@liaison.demo");

        foreach (var url in new[] { "/manage/print/stations/990102001-01/poster", "/manage/print/stations/990102001-01/cards", "/manage/print/deputies/D0004" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("office@liaison.demo", "/manage/print/stations/990103-01/poster")]
    [InlineData("office@liaison.demo", "/manage/print/stations/990103-01/cards")]
    [InlineData("office@liaison.demo", "/manage/print/deputies/D0007")]
    [InlineData("station@liaison.demo", "/manage/print/stations/990102002-02/poster")]
    [InlineData("station@liaison.demo", "/manage/print/stations/990102002-02/cards")]
    [InlineData("station@liaison.demo", "/manage/print/deputies/D0002")]
    [InlineData("admin@liaison.demo", "/manage/print/deputies/NO-SUCH")]
    [InlineData("admin@liaison.demo", "/manage/print/stations/NO-SUCH/poster")]
    public async Task SomethingOutsideTheScopeIsNotFound(string email, string url)
    {
        using var client = await SignedInAsync(email);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/manage/print/deputies/D0004")]
    [InlineData("/manage/print/stations/990102001-01/poster")]
    [InlineData("/manage/print/stations/990102001-01/cards")]
    public async Task AnAnonymousVisitorIsSentToSignIn(string url)
    {
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deputy@liaison.demo")]
    [InlineData("unit@liaison.demo")]
    public async Task AccountsWithoutTheDirectoryCannotPrint(string email)
    {
        using var client = await SignedInAsync(email);

        using var response = await client.GetAsync("/manage/print/deputies/D0004");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEditPagesLinkToThePrintables()
    {
        using var client = await SignedInAsync("office@liaison.demo");

        var deputy = await client.GetDocumentAsync("/Manage/Deputies/Edit/D0004");
        var station = await client.GetDocumentAsync("/Manage/Stations/Edit/990102001-01");

        Assert.Equal("/Manage/Print/Deputies/D0004", deputy.QuerySelector("[data-testid=print-card]")!.GetAttribute("href"));
        Assert.Equal("/Manage/Print/Stations/990102001-01/Poster", station.QuerySelector("[data-testid=print-poster]")!.GetAttribute("href"));
        Assert.Equal("/Manage/Print/Stations/990102001-01/Cards", station.QuerySelector("[data-testid=print-cards]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ThePublicDetailPagesShowTheirQrCode()
    {
        using var client = portal.Factory.CreateClient();

        var station = await client.GetDocumentAsync("/stations/990102001-01");
        var deputy = await client.GetDocumentAsync("/deputies/D0004");

        Assert.Equal("/qr/stations/990102001-01.svg", station.QuerySelector(".public-qr img")!.GetAttribute("src"));
        Assert.Equal("/qr/deputies/D0004.svg", deputy.QuerySelector(".public-qr img")!.GetAttribute("src"));
        Assert.Contains("扫码说事", station.QuerySelector(".public-qr")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
