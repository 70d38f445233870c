using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Security.Headers;

/// <summary>
/// The CSP does not break the pages: a citizen on a phone in WeChat's browser writes an opinion (with a photo) and looks
/// it up, and a staff member goes through the queue, the case, the dashboard and the day's appointments (whose print
/// button is now script from a file), while the browser reports every policy violation. A deliberate inline handler
/// at the end proves the listener hears violations.
/// </summary>
[Trait("Category", "Security")]
public class CspBrowserTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string WeChat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
        + "MicroMessenger/8.0.47.2560(0x28002F30) NetType/WIFI Language/zh_CN";

    /// <summary>Runs before any page script: every securitypolicyviolation event goes to the console, where the test collects it.</summary>
    private const string Listener = """
        document.addEventListener('securitypolicyviolation', e =>
            console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    [BrowserFact]
    public async Task TheCitizenFormAndStaffPagesRunUnderTheCspWithoutAViolation()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Citizens:MinimumFillSeconds"] = "1" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var violations = new List<string>();
        void Watch(IPage page) => page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("Refused to", StringComparison.Ordinal)
                || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };

        void AssertNoViolations(string where)
        {
            lock (violations)
            {
                Assert.True(violations.Count == 0, $"CSP violations ({where}):\n" + string.Join("\n", violations));
            }
        }

        var phoneContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, UserAgent = WeChat });
        await phoneContext.AddInitScriptAsync(Listener);
        var phone = await phoneContext.NewPageAsync();
        Watch(phone);
        var photo = Path.Combine(Path.GetTempPath(), $"csp-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, OpinionFormTests.Png);
        try
        {
            await phone.GotoAsync(new Uri(portal.Address, "/s/990102001-01").ToString());
            await phone.FillAsync("#Input_Title", "CSP 路灯");
            await phone.FillAsync("#Input_Content", "柳岸社区东门口的路灯坏了两个星期，晚上出入很不安全，希望尽快修好。");
            await phone.FillAsync("#Input_Phone", "13812340000");
            await phone.SetInputFilesAsync("#photos", photo);
            await Chromium.ScreenshotAsync(phone, "csp-form-wechat-390.png");
            Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the form is wider than the phone");
            await Task.Delay(1100);
            await phone.ClickAsync("button[type=submit]");
            await Chromium.WaitForUrlAsync(phone, "**/opinions/submitted");
            var code = (await phone.TextContentAsync("#tracking-code"))!.Trim();
            await phone.ClickAsync("a.action[href^='/track']");
            await phone.FillAsync("#proof", "0000");
            await phone.ClickAsync("button[type=submit]");
            Assert.Contains("CSP 路灯", await phone.TextContentAsync("h1"), StringComparison.Ordinal);
            await Chromium.ScreenshotAsync(phone, "csp-track-wechat-390.png");
            Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the track page is wider than the phone");
            AssertNoViolations("citizen pages");

            var desktop = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
            await desktop.AddInitScriptAsync(Listener);
            Watch(desktop);
            await desktop.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
            await desktop.FillAsync("#Input_Email", "office@liaison.demo");
            await desktop.FillAsync("#Input_Password", "Demo-Liaison-2026");
            await desktop.ClickAsync("#login-form button[type=submit]");
            await Chromium.WaitForUrlAsync(desktop, u => !u.Contains("/Account/Login", StringComparison.Ordinal));
            await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Opinions").ToString());
            await desktop.ClickAsync($"text={code}");
            await Chromium.WaitForUrlAsync(desktop, "**/Manage/Opinions/Details/**");
            await Chromium.ScreenshotAsync(desktop, "csp-case-desktop.png");
            await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Dashboard").ToString());
            await Chromium.ScreenshotAsync(desktop, "csp-dashboard-desktop.png");
            AssertNoViolations("sign-in, queue, case, dashboard");
            await desktop.GotoAsync(new Uri(portal.Address, "/Manage/Appointments/Today").ToString());
            // The print button is shown by js/print.js: visible means the script file ran under the policy.
            await desktop.WaitForSelectorAsync("button[data-print]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
            // Bootstrap's own script (the navigation's collapse) runs too.
            Assert.True(await desktop.EvaluateAsync<bool>("() => typeof bootstrap === 'object'"));
            await Chromium.ScreenshotAsync(desktop, "csp-today-desktop.png");

            AssertNoViolations("appointments of the day");

            // The listener hears a violation: an injected inline handler is refused and reported.
            await desktop.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico?x\" onload=\"window.injected = 1\">')");
            await desktop.WaitForFunctionAsync("() => [...document.images].some(i => i.complete)");
            await Task.Delay(500);
            Assert.Null(await desktop.EvaluateAsync<int?>("() => window.injected ?? null"));
            lock (violations)
            {
                Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(photo);
        }
    }
}
