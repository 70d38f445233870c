using System.Text.RegularExpressions;
using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Suggestions;

/// <summary>The office looks at the figures on a phone and a desktop, opens a batch, and prints the yearly report on A4.</summary>
public sealed partial class FiguresJourneyTests(FiguresServiceTests.Fixture database) : IClassFixture<FiguresServiceTests.Fixture>
{
    [BrowserFact]
    public async Task TheOfficeReadsTheFiguresOnAPhoneAndADesktopAndPrintsTheReportOnA4()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        await SignInAsync(desktop, portal);

        await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Suggestions/Figures").ToString());
        await desktop.SelectOptionAsync("#year", "2025");
        await desktop.ClickAsync("#figures-filter button[type=submit]");
        await desktop.WaitForSelectorAsync("[data-testid=figures-by-unit]");
        Assert.Equal("91.4%", (await desktop.InnerTextAsync("[data-testid=figures-by-batch] tr[data-key=total] [data-col=completion]")).Trim());
        await Chromium.ScreenshotAsync(desktop, "figures-desktop.png");

        await desktop.ClickAsync($"[data-testid=figures-by-batch] tr[data-key='{database.Batches.Session}'] th a");
        await desktop.WaitForSelectorAsync("[data-testid=batch-by-state]");
        Assert.Equal("208", (await desktop.InnerTextAsync("[data-testid=batch-by-state] tr[data-state=Closed] td")).Trim());
        await Chromium.ScreenshotAsync(desktop, "figures-batch-desktop.png");

        await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Suggestions/Report/2025").ToString());
        await desktop.WaitForSelectorAsync("[data-testid=report-sheet]");
        await Chromium.ScreenshotAsync(desktop, "figures-report-screen.png");
        await desktop.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await desktop.IsVisibleAsync("[data-testid=print-toolbar]"), "the toolbar is not printed");
        await Chromium.ScreenshotAsync(desktop, "figures-report-print.png");
        var pdf = await desktop.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        var pages = MediaBox().Matches(System.Text.Encoding.Latin1.GetString(pdf))
            .Select(m => (Math.Round(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
                Math.Round(double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, size => Assert.Equal((595.0, 842.0), size));
        await File.WriteAllBytesAsync(RepositoryPaths.TestOutput("figures-report.pdf"), pdf);

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        await SignInAsync(phone, portal);
        await phone.GotoAsync(new Uri(portal.Address, "/Manage/Suggestions/Figures?year=2025").ToString());
        await phone.WaitForSelectorAsync("[data-testid=figures-by-unit]");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page itself does not scroll sideways; the tables do");
        await Chromium.ScreenshotAsync(phone, "figures-phone.png");
        await phone.GotoAsync(new Uri(portal.Address, $"/Manage/Suggestions/Batch/{database.Batches.Session}").ToString());
        await phone.WaitForSelectorAsync("[data-testid=batch-by-state]");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the batch page fits the phone");
        await Chromium.ScreenshotAsync(phone, "figures-batch-phone.png");
    }

    private static async Task SignInAsync(IPage page, KestrelPortal portal)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", "office@liaison.demo");
        await page.FillAsync("#Input_Password", "Demo-Liaison-2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=scope-name]");
    }

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
