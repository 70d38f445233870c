using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Browser;

/// <summary>Debian's chromium, started headless with the flags this machine's closed network needs.</summary>
public static class Chromium
{
    /// <summary>
    /// Wait for a URL only until the navigation commits; the next action waits for its own element. Waiting for the
    /// load event after a form's redirect sometimes never returned under load (seen twice in full runs).
    /// </summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

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
        // Navigations are awaited only until they commit (see Committed): let the page finish before the picture.
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"{name} is empty");
    }
}
