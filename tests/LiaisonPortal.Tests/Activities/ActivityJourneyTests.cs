using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Activities;

/// <summary>
/// Recording an activity on a phone (390 px): station staff record a 调研 with two deputies and a photo as evidence,
/// then find it in the activity list; the office sees the same activity on a desktop.
/// </summary>
public class ActivityJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task StationStaffRecordAResearchWithTwoDeputiesAndAPhotoAndFindItInTheList()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        string Url(string path) => new Uri(portal.Address, path).ToString();

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        var phone = await context.NewPageAsync();
        await SignInAsync(phone, portal, "station@liaison.demo");
        await phone.GotoAsync(Url("/Manage/Activities"));
        await Chromium.ScreenshotAsync(phone, "activities-1-empty-phone.png");
        await phone.ClickAsync("[data-testid=new-activity]");
        await Chromium.WaitForUrlAsync(phone, "**/Manage/Activities/Edit");

        await phone.SelectOptionAsync("#Input_Kind", "Research");
        await phone.FillAsync("#Input_Title", "调研柳岸社区老旧小区加装电梯");
        await phone.FillAsync("#Input_Place", "柳岸社区 3 幢楼下");
        await phone.FillAsync("#Input_Summary", "两位代表走访 12 户居民，听取低层住户的顾虑，建议街道统一协调。");
        await phone.CheckAsync("#participant-D0004");
        await phone.CheckAsync("#participant-D0011");
        await phone.SetInputFilesAsync("#Files", new FilePayload { Name = "调研现场.png", MimeType = "image/png", Buffer = ActivityRecordsTests.Png });
        await Chromium.ScreenshotAsync(phone, "activities-2-form-phone.png");
        await phone.ClickAsync("[data-testid=save]");
        await Chromium.WaitForUrlAsync(phone, new System.Text.RegularExpressions.Regex("/Manage/Activities/Details/[0-9]+$"));
        await phone.Locator(".alert-success", new PageLocatorOptions { HasText = "履职活动已登记" }).WaitForAsync();
        Assert.Equal("调研", (await phone.TextContentAsync("[data-testid=activity-kind]"))!.Trim());
        var participants = await phone.TextContentAsync("[data-testid=participants]");
        Assert.Contains("王建华", participants, StringComparison.Ordinal);
        Assert.Contains("许静", participants, StringComparison.Ordinal);
        Assert.Equal("调研现场.png", (await phone.TextContentAsync("[data-testid=evidence] a"))!.Trim());
        await Chromium.ScreenshotAsync(phone, "activities-3-details-phone.png");

        await phone.GotoAsync(Url("/Manage/Activities"));
        var row = phone.Locator("table.activity-list tbody tr", new PageLocatorOptions { HasText = "调研柳岸社区老旧小区加装电梯" });
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("王建华、许静", await row.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await phone.IsVisibleAsync("[data-testid=export]"));
        await Chromium.ScreenshotAsync(phone, "activities-4-list-phone.png");
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the list is {width} px wide on a 390 px phone");

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await SignInAsync(desktop, portal, "office@liaison.demo");
        await desktop.GotoAsync(Url("/Manage/Activities"));
        Assert.Contains("湖滨街道人大代表之家", await desktop.TextContentAsync("table.activity-list"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desktop, "activities-5-list-desktop.png");
        await desktop.GotoAsync(Url("/Manage/Activities/Edit"));
        await Chromium.ScreenshotAsync(desktop, "activities-6-form-desktop.png");

        var saved = await database.QueryAsync(db => db.DeputyActivities.AsNoTracking().Where(a => a.Title == "调研柳岸社区老旧小区加装电梯")
            .Select(a => new { a.Kind, Deputies = a.Participants.Count, Files = db.DeputyActivityEvidence.Count(e => e.ActivityId == a.Id) }).SingleAsync());
        Assert.Equal((Core.Performance.PerformanceFact.Research, 2, 1), (saved.Kind, saved.Deputies, saved.Files));
    }

    private static async Task SignInAsync(IPage page, KestrelPortal portal, string email)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-form button[type=submit]");
        await Chromium.WaitForUrlAsync(page, url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }
}
