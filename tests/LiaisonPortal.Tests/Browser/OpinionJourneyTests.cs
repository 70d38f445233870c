using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A citizen scans a station's door code on a phone, writes, gets a tracking code and looks it up.</summary>
public class OpinionJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AnOpinionWrittenOnAPhoneArrivesAndItsTrackingCodeShowsItsStatus()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Citizens:MinimumFillSeconds"] = "1" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var photo = Path.Combine(Path.GetTempPath(), $"lamp-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, OpinionFormTests.Png);

        await phone.GotoAsync(new Uri(portal.Address, "/s/990102001-01").ToString());
        Assert.Contains("湖滨街道人大代表之家", await phone.TextContentAsync("h1"), StringComparison.Ordinal);

        // First a mistake: a short text and a wrong number come back with their messages and the text kept.
        await phone.FillAsync("#Input_Title", "东门路灯不亮");
        await phone.FillAsync("#Input_Content", "路灯坏了");
        await phone.FillAsync("#Input_Phone", "1381234");
        await Task.Delay(1100);
        await phone.ClickAsync("button[type=submit]");
        Assert.Contains("至少 10 个字", await phone.TextContentAsync("[data-valmsg-for='Input.Content']"), StringComparison.Ordinal);
        Assert.Equal("东门路灯不亮", await phone.InputValueAsync("#Input_Title"));
        await Chromium.ScreenshotAsync(phone, "opinion-errors-phone.png");

        await phone.FillAsync("#Input_Content", "柳岸社区东门口的路灯坏了两个星期，晚上出入很不安全，希望尽快修好。");
        await phone.FillAsync("#Input_Phone", "13812345678");
        await phone.CheckAsync("#Input_MayContact");
        await phone.SetInputFilesAsync("#photos", photo);
        await Chromium.ScreenshotAsync(phone, "opinion-form-phone.png");
        await Task.Delay(1100);
        await phone.ClickAsync("button[type=submit]");
        await Chromium.WaitForUrlAsync(phone, "**/opinions/submitted");
        var code = (await phone.TextContentAsync("#tracking-code"))!.Trim();
        await Chromium.ScreenshotAsync(phone, "opinion-submitted-phone.png");

        var saved = await database.QueryAsync(db => db.Opinions.Where(o => o.TrackingCode == code.Replace("-", "", StringComparison.Ordinal))
            .Select(o => new { o.Channel, Station = o.Station.Code, o.State, Photos = o.Photos.Count }).SingleAsync());
        Assert.Equal((OpinionChannel.Qr, "990102001-01", OpinionState.Received, 1), (saved.Channel, saved.Station, saved.State, saved.Photos));

        await phone.ClickAsync("a.action[href^='/track']");
        Assert.Equal(code.Replace("-", "", StringComparison.Ordinal), await phone.InputValueAsync("#code"));
        await phone.FillAsync("#proof", "5678");
        await phone.ClickAsync("button[type=submit]");
        Assert.Contains("已受理", await phone.TextContentAsync("main"), StringComparison.Ordinal);
        Assert.Contains("东门路灯不亮", await phone.TextContentAsync("h1"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(phone, "opinion-track-phone.png");

        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 768 } });
        await desktop.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await desktop.FillAsync("#Input_Email", "office@liaison.demo");
        await desktop.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await desktop.ClickAsync("#login-form button[type=submit]");
        await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Opinions").ToString());
        await desktop.ClickAsync($"text={code}");
        Assert.Equal("138****5678", (await desktop.TextContentAsync("[data-testid=citizen-phone]"))!.Trim());
        await Chromium.ScreenshotAsync(desktop, "opinion-staff-desktop.png");
        File.Delete(photo);
    }
}
