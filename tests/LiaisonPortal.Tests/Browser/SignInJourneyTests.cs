using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A staff member's first visit, in Debian's chromium, at phone and desktop sizes; screenshots land in TestResults/artifacts.</summary>
public class SignInJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AStaffMemberFindsSignInMistypesThePasswordThenReachesTheirWorkspace()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });

        await phone.GotoAsync(new Uri(portal.Address, "/").ToString());
        Assert.Equal("人大代表联络站服务平台", await phone.TextContentAsync("h1"));
        await Chromium.ScreenshotAsync(phone, "home-phone.png");

        await phone.ClickAsync("text=工作人员登录");
        await phone.FillAsync("#Input_Email", "office@liaison.demo");
        await phone.FillAsync("#Input_Password", "Demo-Liaison-2025");
        await phone.ClickAsync("#login-submit");
        Assert.Contains("邮箱或密码不正确", await phone.TextContentAsync(".alert-danger"), StringComparison.Ordinal);
        Assert.Equal("office@liaison.demo", await phone.InputValueAsync("#Input_Email"));
        await Chromium.ScreenshotAsync(phone, "login-wrong-password-phone.png");

        await phone.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await phone.ClickAsync("#login-submit");
        await Chromium.WaitForUrlAsync(phone, "**/Office");
        Assert.Equal("东湖区（990102）", await phone.TextContentAsync("[data-testid=scope-name]"));
        await Chromium.ScreenshotAsync(phone, "office-home-phone.png");

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 768 } });
        await desktop.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await desktop.FillAsync("#Input_Email", "admin@liaison.demo");
        await desktop.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await desktop.ClickAsync("#login-submit");
        await Chromium.WaitForUrlAsync(desktop, "**/Admin");
        Assert.Equal("全部", await desktop.TextContentAsync("[data-testid=scope-name]"));
        await Chromium.ScreenshotAsync(desktop, "admin-home-desktop.png");

        await desktop.ClickAsync("a.language-switch");
        await desktop.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal("Administration", (await desktop.TextContentAsync("h1"))!.Trim());
        await Chromium.ScreenshotAsync(desktop, "admin-home-desktop-en.png");
    }
}
