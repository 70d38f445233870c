using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Partners;

/// <summary>An administrator on a phone creates a partner system, copies its key, and then revokes it; the pages at desktop width too.</summary>
public class PartnerBrowserTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AnAdministratorCreatesAPartnerSeesTheKeyOnceAndRevokesIt()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await SignInAsync(phone, portal);

        await phone.GotoAsync(new Uri(portal.Address, "/Admin/Partners").ToString());
        Assert.Contains("还没有对接平台", await phone.TextContentAsync("[data-testid=empty-list]"), StringComparison.Ordinal);
        await phone.ClickAsync("text=新建对接平台");
        await phone.FillAsync("#Input_Name", "市民意见征集系统");
        await phone.FillAsync("#Input_Contact", "市信息中心 张工");
        await phone.FillAsync("#Input_IpAllowList", "10.0.0.0/8");
        await phone.FillAsync("#Input_WebhookUrl", "https://partner.example/hooks/liaison");
        await phone.ClickAsync("#partner-form button[type=submit]");
        var key = await phone.InputValueAsync("[data-testid=api-key]");
        Assert.NotNull(await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().AuthenticateAsync(key)));
        await Chromium.ScreenshotAsync(phone, "partner-created-phone.png");

        await phone.ClickAsync("text=我已保存，查看详情");
        await phone.WaitForSelectorAsync("[data-testid=settings]");
        Assert.DoesNotContain(key, await phone.ContentAsync(), StringComparison.Ordinal);
        await database.QueryAsync(async db =>
        {
            var id = (await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().AuthenticateAsync(key)))!.Id;
            var now = DateTimeOffset.UtcNow;
            db.PartnerCalls.AddRange(
                new PartnerCall(id, now.AddMinutes(-3), "POST", "/open311/v2/requests.json", "submit", 201, 85, "10.1.2.3") { ServiceRequestId = "K7M2Q9XP4R" },
                new PartnerCall(id, now.AddMinutes(-2), "GET", "/open311/v2/requests/K7M2Q9XP4R.json", "request", 200, 12, "10.1.2.3"),
                new PartnerCall(id, now.AddMinutes(-1), "POST", "/open311/v2/requests.json", "submit", 400, 9, "10.1.2.3") { Error = "缺少 description" });
            return await db.SaveChangesAsync();
        });
        await phone.ReloadAsync();
        Assert.Equal(3, await phone.Locator("[data-testid=calls] tbody tr").CountAsync());
        await Chromium.ScreenshotAsync(phone, "partner-details-phone.png");
        await phone.GotoAsync(new Uri(portal.Address, "/Admin/Partners").ToString());
        await Chromium.ScreenshotAsync(phone, "partners-phone.png");

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
        await SignInAsync(desktop, portal);
        await desktop.GotoAsync(new Uri(portal.Address, "/Admin/Partners").ToString());
        await Chromium.ScreenshotAsync(desktop, "partners-desktop.png");
        await desktop.ClickAsync("[data-testid=partners] tbody a");
        await desktop.WaitForSelectorAsync("[data-testid=settings]");
        await Chromium.ScreenshotAsync(desktop, "partner-details-desktop.png");

        // Revoking asks first: the button only opens the confirmation.
        await desktop.ClickAsync("#revoke summary");
        await desktop.ClickAsync("#revoke-form button[type=submit]");
        await desktop.WaitForSelectorAsync(".alert-success");
        Assert.Equal("已吊销", (await desktop.TextContentAsync("[data-testid=status]"))!.Trim());
        Assert.True((await database.WithScopeAsync(s => s.GetRequiredService<PartnerSystems>().AuthenticateAsync(key)))!.IsRevoked);
        await Chromium.ScreenshotAsync(desktop, "partner-revoked-desktop.png");
    }

    private static async Task SignInAsync(IPage page, KestrelPortal portal)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "admin@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=scope-name]");
    }
}
