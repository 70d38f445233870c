using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Analysis;

/// <summary>The office generates November's report on a desktop, writes a commentary, prints it, and reads it on a phone.</summary>
public sealed class AnalysisBrowserTests(OpinionAnalysisTests.Fixture database) : IClassFixture<OpinionAnalysisTests.Fixture>
{
    [BrowserFact]
    public async Task TheOfficeGeneratesWritesAndPrintsTheReportOnADesktopAndReadsItOnAPhone()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await SignInAsync(desktop, portal);

        await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Analysis").ToString());
        await desktop.SelectOptionAsync("#Input_RegionCode", AnalysisTestData.District);
        await desktop.FillAsync("#Input_Month", "2025-11");
        await desktop.ClickAsync("#generate-submit");
        await desktop.WaitForSelectorAsync("[data-testid=report-topics]");
        Assert.Equal("12", (await desktop.InnerTextAsync("[data-testid=report-topics] tr[data-term=停车] a")).Trim());
        await desktop.FillAsync("#Commentary", "十一月交通类意见明显增多，集中在湖滨花园小区门口乱停车、堵塞消防通道。\n建议交通局会同街道开展专项整治。");
        await desktop.ClickAsync("#commentary-save");
        await desktop.WaitForSelectorAsync("text=评述已保存。");
        await Chromium.ScreenshotAsync(desktop, "analysis-report-desktop.png");

        await desktop.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await desktop.IsVisibleAsync("#commentary-form"), "the editor is not printed");
        Assert.True(await desktop.IsVisibleAsync("[data-testid=commentary-print]"), "the commentary is printed as text");
        Assert.Contains("专项整治", await desktop.InnerTextAsync("[data-testid=commentary-print]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "analysis-report-print.png");
        await desktop.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        await SignInAsync(phone, portal);
        await phone.GotoAsync(desktop.Url);
        await phone.WaitForSelectorAsync("[data-testid=report-categories]");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page itself does not scroll sideways; the tables do");
        await Chromium.ScreenshotAsync(phone, "analysis-report-phone.png");
        await phone.GotoAsync(new Uri(portal.Address, "/Manage/Analysis").ToString());
        await phone.WaitForSelectorAsync("[data-testid=report-list]");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the list fits the phone");
        await Chromium.ScreenshotAsync(phone, "analysis-list-phone.png");
    }

    private static async Task SignInAsync(IPage page, KestrelPortal portal)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "office@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=scope-name]");
    }
}
