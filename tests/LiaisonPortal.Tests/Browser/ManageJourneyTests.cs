using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A district's staff keep their directory: stations on a desktop, a deputy's photo on a phone, the holiday calendar.</summary>
public class ManageJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    /// <summary>A 60×80 PNG portrait placeholder.</summary>
    internal static readonly byte[] Portrait = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAADwAAABQCAIAAADKqIEEAAAAyUlEQVR42u3YURHDMAyDYQPrc0GM8xiUQUkMwdI0SW1p++8M4HvySYr3cdpdgAYNGjRo0KBBgwYNWgL92rf2aaEvuWvpkSxe4o588bw7SsST7qgSz7ijUDzs/hv0QvGYGzRo0KBBgwZNYDJAW+Zp1+bi2hFd27jr7uG6MDFAggYN+jfRy8P0wAsHrYl+SHzXDVoQ/aj4lhu0GjpB3O8GLYVOE3e6Qeugk8U9btAi6BLxpRu0ArpQ3HaDLkeXixtu0LVoEfE3tyX6AxBb681bGu8NAAAAAElFTkSuQmCC");

    [BrowserFact]
    public async Task ADistrictClerkEditsAStationOnADesktopAndGivesADeputyAPhotoOnAPhone()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 768 } });
        await SignInAsync(desktop, portal, "office@liaison.demo");
        await Chromium.OpenStaffMenuAsync(desktop, "directory-menu");
        await desktop.ClickAsync("nav >> text=家站点");
        await desktop.SelectOptionAsync("#kind", "LiaisonStation");
        await desktop.ClickAsync("form.filter-bar button");
        await Chromium.WaitForUrlAsync(desktop, "**/Manage/Stations?**kind=LiaisonStation**");
        Assert.Equal("共 12 个家站点", await desktop.TextContentAsync("[data-testid=result-count]"));
        await Chromium.ScreenshotAsync(desktop, "manage-stations-desktop.png");

        await desktop.ClickAsync("text=柳岸社区人大代表联络站");
        await desktop.FillAsync("#Input_ContactPhone", "call us");
        await desktop.ClickAsync("form.staff-form button[type=submit]");
        Assert.Contains("格式不正确", await desktop.TextContentAsync("[data-valmsg-for='Input.ContactPhone']"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "manage-station-error-desktop.png");
        await desktop.FillAsync("#Input_ContactPhone", "0510-81230001");
        await desktop.ClickAsync("form.staff-form button[type=submit]");
        Assert.Contains("已保存家站点 990102001001-01", await desktop.TextContentAsync(".alert-success"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "manage-station-desktop.png");

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await SignInAsync(phone, portal, "office@liaison.demo");
        await Chromium.OpenStaffMenuAsync(phone, "directory-menu");
        await phone.ClickAsync("#staff-nav a[href='/Manage/Deputies']");
        await phone.FillAsync("#q", "王建华");
        await phone.ClickAsync("form.filter-bar button");
        await phone.ClickAsync(".staff-list >> text=王建华");
        await phone.SetInputFilesAsync("#photo", new FilePayload { Name = "wang.png", MimeType = "image/png", Buffer = Portrait });
        await phone.ClickAsync("form[action*='handler=Photo'] button");
        Assert.Contains("照片已更新", await phone.TextContentAsync(".alert-success"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(phone, "manage-deputy-phone.png");

        await phone.GotoAsync(new Uri(portal.Address, "/deputies/D0004").ToString());
        var loaded = await phone.EvalOnSelectorAsync<bool>("img.deputy-photo", "img => img.complete && img.naturalWidth === 60");
        Assert.True(loaded);
        await Chromium.ScreenshotAsync(phone, "deputy-with-photo-phone.png");

        var admin = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 768 } });
        await SignInAsync(admin, portal, "admin@liaison.demo");
        await admin.GotoAsync(new Uri(portal.Address, "/Admin/Holidays?year=2026").ToString());
        await Chromium.ScreenshotAsync(admin, "admin-holidays-desktop.png");
        await admin.GotoAsync(new Uri(portal.Address, "/Admin/Categories").ToString());
        await Chromium.ScreenshotAsync(admin, "admin-categories-desktop.png");
    }

    private static async Task SignInAsync(IPage page, KestrelPortal portal, string email)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=scope-name]");
    }
}
