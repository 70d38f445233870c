using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Tests.Pages.Public;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A citizen opens a station on a phone and sees its next reception day and who is on duty; staff see the rules page.</summary>
public class ReceptionDayJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task ACitizenSeesTheNextReceptionDayAndTheDeputiesOnDutyOnAPhone()
    {
        var next = await ReceptionDayTests.NextDayAsync(database, "990102001-01");
        await ReceptionDayTests.RosterAsync(database, "990102001-01", next.Date, "D0004", "D0015");
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });

        await phone.GotoAsync(new Uri(portal.Address, "/stations/990102001-01").ToString());
        Assert.Equal("王建华、孔春梅", (await phone.TextContentAsync("[data-testid=on-duty]"))!.Trim());
        await Chromium.ScreenshotAsync(phone, "station-reception-phone.png");

        await phone.GotoAsync(new Uri(portal.Address, "/stations?region=990102001").ToString());
        await Chromium.ScreenshotAsync(phone, "stations-next-day-phone.png");

        var desk = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await desk.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await desk.FillAsync("#Input_Email", "office@liaison.demo");
        await desk.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await desk.ClickAsync("#login-form button[type=submit]");
        await Chromium.WaitForUrlAsync(desk, "**/Office**");
        await desk.GotoAsync(new Uri(portal.Address, "/Manage/Reception").ToString());
        Assert.Equal("东湖区", await desk.TextContentAsync("[data-testid=owner]"));
        await Chromium.ScreenshotAsync(desk, "reception-rules-office.png");
    }
}
