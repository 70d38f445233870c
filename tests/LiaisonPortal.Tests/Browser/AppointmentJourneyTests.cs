using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A citizen on a phone books a meeting from the station's page: a wrong number first, then the tracking code.</summary>
public class AppointmentJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task ACitizenBooksAMeetingOnAPhone()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, JavaScriptEnabled = false });

        await phone.GotoAsync(new Uri(portal.Address, "/stations/990102001-01").ToString());
        await phone.ClickAsync("text=预约见代表");
        await Chromium.WaitForUrlAsync(phone, "**/s/990102001-01/book");
        await Chromium.ScreenshotAsync(phone, "appointment-book-phone.png");

        await phone.CheckAsync("#booking-form input[type=radio] >> nth=0");
        await phone.FillAsync("#Input_Name", "李四");
        await phone.FillAsync("#Input_Phone", "1381234");
        await phone.FillAsync("#Input_Topic", "想反映小区加装电梯的事情");
        await phone.ClickAsync("#booking-form button[type=submit]");
        Assert.Contains("手机号码格式不正确", await phone.TextContentAsync("[data-valmsg-for='Input.Phone']"), StringComparison.Ordinal);
        Assert.Equal("想反映小区加装电梯的事情", await phone.InputValueAsync("#Input_Topic"));
        await Chromium.ScreenshotAsync(phone, "appointment-book-error-phone.png");

        await phone.FillAsync("#Input_Phone", "13812345678");
        await phone.ClickAsync("#booking-form button[type=submit]");
        try
        {
            await phone.WaitForURLAsync("**/book/done", new() { Timeout = 15000, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            // Say what the page answered instead, with a picture of it.
            await Chromium.ScreenshotAsync(phone, "appointment-book-unexpected-phone.png");
            Assert.Fail($"The booking did not go through: {phone.Url} {await phone.TextContentAsync("main")}");
        }

        Assert.Matches("^[2-9A-Z]{5}-[2-9A-Z]{5}$", (await phone.TextContentAsync("[data-testid=tracking-code]"))!.Trim());
        await Chromium.ScreenshotAsync(phone, "appointment-booked-phone.png");
    }
}
