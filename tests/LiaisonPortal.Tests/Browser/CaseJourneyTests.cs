using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>
/// The closed loop in chromium: a citizen writes on a phone, the office classifies and assigns, the unit answers, the
/// office feeds back, and the citizen rates it on /track.
/// </summary>
public class CaseJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AnOpinionGoesRoundTheWholeLoopThroughThePages()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Citizens:MinimumFillSeconds"] = "1" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        string Url(string path) => new Uri(portal.Address, path).ToString();

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await phone.GotoAsync(Url("/s/990102001-01"));
        await phone.FillAsync("#Input_Title", "垃圾站异味大");
        await phone.FillAsync("#Input_Content", "柳岸社区北门的垃圾中转站夏天异味很大，希望加强清运和消毒。");
        await phone.FillAsync("#Input_Phone", "13812349876");
        await phone.CheckAsync("#Input_MayContact");
        await Task.Delay(1100);
        await phone.ClickAsync("button[type=submit]");
        await Chromium.WaitForUrlAsync(phone, "**/opinions/submitted");
        var display = (await phone.TextContentAsync("#tracking-code"))!.Trim();
        var code = display.Replace("-", "", StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(phone, "case-1-written-phone.png");

        var office = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await SignInAsync(office, portal, "office@liaison.demo");
        await office.GotoAsync(Url("/Manage/Opinions"));
        await Chromium.ScreenshotAsync(office, "case-2-workbench-desktop.png");
        await office.ClickAsync($"text={display}");
        await Chromium.ScreenshotAsync(office, "case-3-received-desktop.png");
        await office.SelectOptionAsync("#Classify_CategoryCode", "HB");
        await office.SelectOptionAsync("#Classify_Grade", "Important");
        await office.ClickAsync("#classify-form button[type=submit]");
        Assert.Contains("已分类", await office.TextContentAsync(".alert-success"), StringComparison.Ordinal);

        await office.SelectOptionAsync("#Assign_LeadUnitCode", "U990102-01");
        await office.CheckAsync("#co-U990102-02");
        await Chromium.ScreenshotAsync(office, "case-4-assign-desktop.png");
        await office.ClickAsync("#assign-form button[type=submit]");
        Assert.Contains("已交办", await office.TextContentAsync(".alert-success"), StringComparison.Ordinal);

        var unit = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await SignInAsync(unit, portal, "unit@liaison.demo");
        await unit.GotoAsync(Url("/Unit/Opinions"));
        await Chromium.ScreenshotAsync(unit, "case-5-unit-inbox-desktop.png");
        await unit.ClickAsync($"text={display}");
        await unit.FillAsync("#Answer_Content", "已增加清运频次为每日两次，并每周消毒，异味问题已解决。");
        await unit.CheckAsync("#result-Solved");
        await Chromium.ScreenshotAsync(unit, "case-6-unit-answer-desktop.png");
        await unit.ClickAsync("#answer-form button[type=submit]");
        Assert.Contains("答复已提交", await unit.TextContentAsync(".alert-success"), StringComparison.Ordinal);

        await office.GotoAsync(Url($"/Manage/Opinions/Details/{code}"));
        Assert.Contains("已增加清运频次", await office.InputValueAsync("#Feedback_Message"), StringComparison.Ordinal);
        await office.ClickAsync("#feedback-form button[type=submit]");
        Assert.Contains("已反馈给群众", await office.TextContentAsync(".alert-success"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(office, "case-7-fed-back-desktop.png");

        await phone.GotoAsync(Url("/track"));
        await phone.FillAsync("#code", code);
        await phone.FillAsync("#proof", "9876");
        await phone.ClickAsync("button[type=submit]");
        Assert.Contains("异味问题已解决", await phone.TextContentAsync("main"), StringComparison.Ordinal);
        await phone.CheckAsync("input[name=Rating][value=Satisfied]");
        await Chromium.ScreenshotAsync(phone, "case-8-rate-phone.png");
        await phone.ClickAsync("form[action*='handler=Rate'] button[type=submit]");
        Assert.Contains("谢谢您的评价", await phone.TextContentAsync("main"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(phone, "case-9-rated-phone.png");

        var state = await database.QueryAsync(db => db.Opinions.Where(o => o.TrackingCode == code).Select(o => o.State).SingleAsync());
        Assert.Equal(OpinionState.Closed, state);
        await office.ReloadAsync();
        await Chromium.ScreenshotAsync(office, "case-10-closed-desktop.png");
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
