using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>Debian's chromium, started headless with the flags this machine's closed network needs.</summary>
public static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A full-page PNG under TestResults/artifacts, for people to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = RepositoryPaths.TestOutput(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"{name} is empty");
    }
}
