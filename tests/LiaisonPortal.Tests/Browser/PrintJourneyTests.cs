using System.Text.RegularExpressions;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>A district clerk prints a station's door poster, a deputy's contact card and the station's sheet of cards.</summary>
public partial class PrintJourneyTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AClerkPrintsAPosterACardAndASheetWhoseQrCodesAPhoneCanRead()
    {
        var photo = await database.WithScopeAsync(services => services.GetRequiredService<DirectoryEditor>()
            .SetPhotoAsync(StaffScope.Everything, "D0001", ManageJourneyTests.Portrait));
        Assert.Equal(EditOutcome.Done, photo.Outcome);
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 }, DeviceScaleFactor = 2 });
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "office@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=scope-name]");

        await page.GotoAsync(new Uri(portal.Address, "/Manage/Stations/Edit/990102001-01").ToString());
        await page.ClickAsync("[data-testid=print-poster]");
        await page.WaitForSelectorAsync("[data-testid=poster]");
        Assert.True(await page.IsVisibleAsync("button[data-print]"), "the print button shows where JavaScript runs");
        await Chromium.ScreenshotAsync(page, "print-poster-screen.png");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.IsVisibleAsync("[data-testid=print-toolbar]"), "the toolbar is not printed");
        var poster = await ElementShotAsync(page, "[data-testid=poster]", "print-poster.png");
        Assert.Equal("http://localhost:5080/s/990102001-01", await Zbar.DecodeAsync(poster));
        Assert.Equal([(595.0, 842.0)], PageSizes(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true })));

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.GotoAsync(new Uri(portal.Address, "/Manage/Print/Deputies/D0004").ToString());
        await Chromium.ScreenshotAsync(page, "print-card-screen.png");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var card = await ElementShotAsync(page, "[data-testid=contact-card]", "print-card.png");
        Assert.Equal("http://localhost:5080/d/D0004", await Zbar.DecodeAsync(card));
        Assert.Equal([(243.0, 153.0)], PageSizes(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true })));

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.GotoAsync(new Uri(portal.Address, "/Manage/Print/Stations/990102001-01/Cards").ToString());
        await Chromium.ScreenshotAsync(page, "print-sheet-screen.png");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Chromium.ScreenshotAsync(page, "print-sheet.png");
        Assert.True(await page.EvalOnSelectorAsync<bool>("[data-code=D0001] img.card-photo", "img => img.complete && img.naturalWidth === 60"), "the photo is loaded for printing");
        Assert.Equal([(595.0, 842.0)], PageSizes(await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true })));

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        await phone.GotoAsync(new Uri(portal.Address, "/stations/990102001-01").ToString());
        // The image is lazy-loaded, so it need not be there when the load event fires: wait for it to arrive.
        await phone.WaitForFunctionAsync("() => { const img = document.querySelector('.public-qr img'); return img && img.complete && img.naturalWidth > 0; }");
        Assert.True(await phone.EvalOnSelectorAsync<bool>(".public-qr img", "img => img.naturalWidth > 0"), "the station's QR code shows");
        await Chromium.ScreenshotAsync(phone, "station-qr-phone.png");
    }

    private static async Task<byte[]> ElementShotAsync(IPage page, string selector, string name)
    {
        var path = RepositoryPaths.TestOutput(name);
        await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        return await File.ReadAllBytesAsync(path);
    }

    /// <summary>Each page's size in points, rounded, from the PDF's MediaBox entries (A4 is 595 × 842).</summary>
    private static List<(double Width, double Height)> PageSizes(byte[] pdf) =>
        MediaBox().Matches(System.Text.Encoding.Latin1.GetString(pdf))
            .Select(m => (Math.Round(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
                Math.Round(double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
