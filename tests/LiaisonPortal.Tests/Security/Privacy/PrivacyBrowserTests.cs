using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Security.Privacy;

/// <summary>
/// The access-request page and the citizen's side in a real browser over Kestrel, on a desk and on a phone: the office
/// opens the export from the case page; the tracking page offers "下载我的信息" and explains an anonymised code. Nothing
/// scrolls sideways on a phone. Screenshots go to TestResults/artifacts.
/// </summary>
[Trait("Category", "Security")]
public class PrivacyBrowserTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string NoSideways = "() => document.documentElement.scrollWidth <= window.innerWidth";

    [BrowserFact]
    public async Task TheOfficesExportPageAndTheCitizensTrackPageReadWellOnADeskAndOnAPhone()
    {
        var clock = new AdjustableClock();
        await using var core = TestCluster.CoreServices(database.ConnectionString, configure: s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });
        var cases = new PrivacyCases(core, clock);
        var now = DateTimeOffset.UtcNow;
        var phone = PrivacyCases.NewPhone();
        var code = await cases.ClosedAsync(now.AddDays(-10), "小区门口的路灯不亮", "孙小明", phone, answer: "已安排更换路灯，本周内完成。");
        var oldPhone = PrivacyCases.NewPhone();
        var old = await cases.ClosedAsync(now.AddDays(-800), "两年多以前的意见", "周大伟", oldPhone);
        await cases.RunAsync(now);

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

        await page.GotoAsync(new Uri(portal.Address, $"/Manage/Opinions/Details/{code}").ToString());
        await page.ClickAsync("[data-testid=access-request]");
        await page.WaitForSelectorAsync("[data-testid=access-report]");
        var report = await page.Locator("[data-testid=access-report]").InnerTextAsync();
        Assert.Contains(phone, report, StringComparison.Ordinal);
        Assert.Contains("已安排更换路灯，本周内完成。", report, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "privacy-export-1280.png");
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>(NoSideways), "the export page scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(page, "privacy-export-390.png");

        var citizen = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
        await citizen.GotoAsync(new Uri(portal.Address, "/track").ToString());
        await citizen.FillAsync("#code", TrackingCodes.Display(code));
        await citizen.FillAsync("#proof", phone[^4..]);
        await citizen.ClickAsync("form button[type=submit]");
        await citizen.WaitForSelectorAsync("[data-testid=download-mine]");
        var download = await citizen.RunAndWaitForDownloadAsync(() => citizen.ClickAsync("[data-testid=download-mine] button[value=json]"));
        Assert.Equal($"personal-data-{code}.json", download.SuggestedFilename);
        Assert.True(await citizen.EvaluateAsync<bool>(NoSideways), "the tracking page scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(citizen, "privacy-track-download-390.png");

        await citizen.GotoAsync(new Uri(portal.Address, "/track").ToString());
        await citizen.FillAsync("#code", TrackingCodes.Display(old));
        await citizen.FillAsync("#proof", oldPhone[^4..]);
        await citizen.ClickAsync("form button[type=submit]");
        var notice = await citizen.Locator("[data-testid=anonymised-notice]").InnerTextAsync();
        Assert.Contains("个人信息已按规定匿名化", notice, StringComparison.Ordinal);
        Assert.True(await citizen.EvaluateAsync<bool>(NoSideways), "the anonymised notice scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(citizen, "privacy-track-anonymised-390.png");
    }
}
