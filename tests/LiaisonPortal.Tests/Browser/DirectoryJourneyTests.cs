using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A citizen on a phone finds a station, then a deputy; screenshots land in TestResults/artifacts.</summary>
public class DirectoryJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task ACitizenFindsTheirStationAndOneOfItsDeputiesOnAPhone()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });

        await phone.GotoAsync(new Uri(portal.Address, "/").ToString());
        await phone.ClickAsync("a.action[href='/stations']");
        await Chromium.ScreenshotAsync(phone, "stations-phone.png");

        await phone.SelectOptionAsync("#region", "990102001");
        await phone.ClickAsync("form.filter button");
        await Chromium.WaitForUrlAsync(phone, "**/stations?**region=990102001**");
        Assert.Equal("共 15 个联络站", await phone.TextContentAsync("[data-testid=result-count]"));
        await Chromium.ScreenshotAsync(phone, "stations-filtered-phone.png");

        await phone.ClickAsync("text=湖滨街道人大代表之家");
        await phone.ClickAsync("text=王建华");
        Assert.Equal("王建华", await phone.TextContentAsync("h1"));
        await Chromium.ScreenshotAsync(phone, "deputy-phone.png");
    }
}
