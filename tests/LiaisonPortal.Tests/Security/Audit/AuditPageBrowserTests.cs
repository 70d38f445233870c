using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Security.Audit;

/// <summary>The audit page in a real browser over Kestrel: the sign-in just made is listed with its real client address; it fits a phone.</summary>
[Trait("Category", "Security")]
public class AuditPageBrowserTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AnAdministratorSeesTheirOwnSignInWithItsAddressOnADeskAndOnAPhone()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "admin@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=scope-name]");

        await page.ClickAsync("a[href='/Admin/Audit']");
        await page.WaitForSelectorAsync("#audit-filter");
        await page.SelectOptionAsync("#kind", "SignIn");
        await page.FillAsync("#account", "admin@liaison.demo");
        await page.ClickAsync("#audit-filter button[type=submit]");
        await page.WaitForSelectorAsync("table[data-testid=audit] tbody tr[data-kind=SignIn]");
        var row = await page.Locator("table[data-testid=audit] tbody tr").First.InnerTextAsync();
        Assert.Contains("登录成功", row, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", row, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "audit-1280.png");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(new Uri(portal.Address, "/Admin/Audit").ToString());
        await page.WaitForSelectorAsync("table[data-testid=audit]");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling on a phone");
        await Chromium.ScreenshotAsync(page, "audit-390.png");
    }
}
