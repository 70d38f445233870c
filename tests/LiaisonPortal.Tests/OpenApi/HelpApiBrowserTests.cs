using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.OpenApi;

/// <summary>The API reference in a real browser: it fits a phone without sideways scrolling, and prints without the page chrome.</summary>
public class HelpApiBrowserTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task TheReferenceFitsAPhoneAndADeskAndPrintsWithoutNavigation()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "office@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=scope-name]");

        await page.ClickAsync("footer a[href='/Help/Api']");
        await page.WaitForSelectorAsync("[data-testid=api-toc]");
        Assert.True(await page.Locator("[data-testid=api-operation]").CountAsync() >= 30);
        await Chromium.ScreenshotAsync(page, "help-api-1280.png");
        await page.ClickAsync("[data-testid=api-toc] a[href='#postOpinionsByTrackingCodeClassify']");
        Assert.True(await page.Locator("#postOpinionsByTrackingCodeClassify").IsVisibleAsync());

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.IsVisibleAsync(".staff-header"), "the navigation is not printed");
        Assert.False(await page.IsVisibleAsync("[data-testid=api-download]"), "the download button is not printed");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(new Uri(portal.Address, "/Help/Api").ToString());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling on a phone");
        await Chromium.ScreenshotAsync(page, "help-api-390.png");
    }
}
