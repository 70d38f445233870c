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

    /// <summary>
    /// Waits until the page's URL matches, up to the commit of the navigation. Playwright's own wait, when the URL
    /// already matches as it is called (the navigation committed first), waits for the load event instead of the commit,
    /// and that event is what sometimes never came under load: so a URL that matches already, or matches when the wait
    /// runs out, is the answer.
    /// </summary>
    public static Task WaitForUrlAsync(IPage page, string glob) => WaitForUrlAsync(page, GlobRegex(glob).IsMatch);

    public static Task WaitForUrlAsync(IPage page, System.Text.RegularExpressions.Regex url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return WaitForUrlAsync(page, url.IsMatch);
    }

    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(matches);
        if (matches(page.Url))
        {
            return;
        }

        try
        {
            await page.WaitForURLAsync(matches, Committed);
        }
        catch (TimeoutException) when (matches(page.Url))
        {
            // Committed meanwhile; only the load event was missing.
        }
    }

    /// <summary>Playwright's URL glob: ** any characters, * any but a slash, the rest literal.</summary>
    private static System.Text.RegularExpressions.Regex GlobRegex(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*')
            {
                var any = i + 1 < glob.Length && glob[i + 1] == '*';
                pattern.Append(any ? ".*" : "[^/]*");
                i += any ? 1 : 0;
            }
            else
            {
                pattern.Append(System.Text.RegularExpressions.Regex.Escape(glob[i].ToString()));
            }
        }

        return new System.Text.RegularExpressions.Regex(pattern.Append('$').ToString());
    }

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

    /// <summary>
    /// Opens one of the staff bar's menus as a person would: waits for the page's script, on a phone opens the bar and
    /// waits until it has finished sliding open, then clicks the menu and waits until it shows. A click while the bar
    /// slides open can press on one menu and let go over the one above it (the layout moved in between), and then no menu
    /// opens at all: seen in CI, reproduced twice in 100 tries on a busy machine, never with the wait.
    /// </summary>
    public static async Task OpenStaffMenuAsync(IPage page, string menuId)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForFunctionAsync("() => typeof window.bootstrap !== 'undefined'");
        var toggler = page.Locator(".navbar-toggler");
        if (await toggler.IsVisibleAsync())
        {
            await toggler.ClickAsync();
            await page.Locator("#staff-nav.show").WaitForAsync();
        }

        await page.ClickAsync("#" + menuId);
        await page.Locator($"[aria-labelledby='{menuId}'].show").WaitForAsync();
    }

    /// <summary>A full-page PNG under TestResults/artifacts, for people to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = RepositoryPaths.TestOutput(name);
        // Navigations are awaited only until they commit (see Committed): let the page finish before the picture. Under a
        // loaded CI machine chromium's load event has sometimes never come (the page itself was there); a picture is for
        // people to look at, so after 15 s it is taken as the page stands — the journeys' assertions check the page.
        try
        {
            await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"{name} is empty");
    }
}
