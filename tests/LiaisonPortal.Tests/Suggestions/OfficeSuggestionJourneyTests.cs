using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>The congress office takes a demo suggestion from review to the assignment meeting in a real browser, on a desktop and on a phone.</summary>
public class OfficeSuggestionJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Waiting = "关于在湖滨街道增设社区养老服务站的建议";

    [BrowserFact]
    public async Task TheOfficeReviewsProposesAndAssignsAtTheMeetingOnADesktopAndLooksOnAPhone()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
        await SignInAsync(desktop, portal);
        await desktop.ClickAsync("#staff-nav a[href='/Manage/Suggestions']");
        await desktop.WaitForSelectorAsync(".suggestion-list");
        Assert.Contains("重点督办·张志国副主任", await desktop.TextContentAsync(".suggestion-list"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "office-suggestions-list-desktop.png");

        await desktop.SelectOptionAsync("#state", "Submitted");
        await desktop.ClickAsync("#filter-form button[type=submit]");
        await Chromium.WaitForUrlAsync(desktop, "**/Manage/Suggestions?**state=Submitted**");
        await desktop.ClickAsync($".suggestion-list >> text={Waiting}");
        await desktop.WaitForSelectorAsync("#accept-form");
        await desktop.ClickAsync("#return-form button[type=submit]");
        Assert.Contains("请写明退回的理由", await desktop.TextContentAsync("[data-valmsg-for='Return.Reason']"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "office-suggestion-review-desktop.png");

        await desktop.ClickAsync("#accept-form button[type=submit]");
        Assert.Contains("已审核通过立案", await desktop.TextContentAsync(".alert-success"), StringComparison.Ordinal);
        await desktop.SelectOptionAsync("#Propose_LeadUnitCode", "U990102-03");
        await desktop.CheckAsync("#Propose-co-U990102-02");
        await desktop.ClickAsync("#propose-form button[type=submit]");
        Assert.Contains("拟交办单位已保存", await desktop.TextContentAsync(".alert-success"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "office-suggestion-details-desktop.png");

        await desktop.ClickAsync("#assign-form + p a");
        await desktop.WaitForSelectorAsync("[data-testid=meeting-list]");
        await Chromium.ScreenshotAsync(desktop, "office-suggestion-meeting-desktop.png");

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await SignInAsync(phone, portal);
        await phone.GotoAsync(new Uri(portal.Address, "/Manage/Suggestions").ToString());
        await phone.WaitForSelectorAsync(".suggestion-list");
        await Chromium.ScreenshotAsync(phone, "office-suggestions-list-phone.png");
        await phone.ClickAsync($".suggestion-list >> text={Waiting}");
        await phone.WaitForSelectorAsync("[data-testid=units]");
        Assert.Contains("拟交办", await phone.TextContentAsync("[data-testid=units]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(phone, "office-suggestion-details-phone.png");
        await phone.GotoAsync(new Uri(portal.Address, "/Manage/Suggestions/Batches").ToString());
        await Chromium.ScreenshotAsync(phone, "office-suggestion-batches-phone.png");
        await phone.GotoAsync(desktop.Url);
        await phone.WaitForSelectorAsync("[data-testid=meeting-list]");
        await Chromium.ScreenshotAsync(phone, "office-suggestion-meeting-phone.png");

        await desktop.CheckAsync("#Confirm");
        await desktop.ClickAsync("#meeting-form button[type=submit]");
        var results = await desktop.TextContentAsync("[data-testid=meeting-results]");
        Assert.Contains("2 件已交办", results, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "office-suggestion-meeting-done-desktop.png");

        await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Suggestions?q=" + Uri.EscapeDataString("积水")).ToString());
        await desktop.ClickAsync(".suggestion-list >> text=关于整治湖滨路积水点的建议");
        await desktop.WaitForSelectorAsync("[data-testid=units]");
        var units = await desktop.TextContentAsync("[data-testid=units]");
        Assert.Contains("建议结合道路改造同步实施排水改造", units, StringComparison.Ordinal);
        Assert.Contains("B 类（正在解决或列入计划）", units, StringComparison.Ordinal);
        Assert.Contains("现场察看积水点", await desktop.TextContentAsync("[data-testid=contacts]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "office-suggestion-replied-desktop.png");
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
