using LiaisonPortal.Tests.Browser;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>
/// Two-step verification in Debian's chromium at phone (390) and desktop (1280) widths: set-up page with its QR code,
/// recovery codes, and the sign-in's code step. Screenshots land in TestResults/artifacts.
/// </summary>
[Trait("Category", "Security")]
public class TwoFactorBrowserTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [BrowserFact]
    public async Task AStaffMemberTurnsOnTwoStepVerificationAndSignsInWithACode()
    {
        await using var portal = await KestrelPortal.StartAsync(database.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        foreach (var (width, height, size) in new[] { (390, 844, "phone"), (1280, 900, "desktop") })
        {
            var email = await AccountSteps.NewAccountAsync(database, size);
            var options = new BrowserNewPageOptions { ViewportSize = new() { Width = width, Height = height }, IsMobile = width < 500, HasTouch = width < 500 };
            var page = await browser.NewPageAsync(options);
            await SignInAsync(page, portal, email);
            await Chromium.WaitForUrlAsync(page, "**/Station");

            await page.GotoAsync(new Uri(portal.Address, "/Account/TwoFactor").ToString());
            await WaitForQrAsync(page);
            Assert.True(await page.EvalOnSelectorAsync<int>("[data-testid=authenticator-qr]", "img => img.naturalWidth") >= 200);
            var key = (await page.GetAttributeAsync("[data-testid=shared-key]", "data-key"))!;
            await Chromium.ScreenshotAsync(page, $"two-factor-setup-{size}.png");

            await page.FillAsync("#Enable_Code", Totp.Next(key));
            await page.ClickAsync("#two-factor-enable-form button[type=submit]");
            await page.WaitForSelectorAsync("[data-testid=recovery-codes]");
            Assert.Equal(10, await page.Locator("[data-testid=recovery-codes] code").CountAsync());
            await Chromium.ScreenshotAsync(page, $"two-factor-recovery-codes-{size}.png");

            var second = await browser.NewPageAsync(options);
            await SignInAsync(second, portal, email);
            await Chromium.WaitForUrlAsync(second, "**/Account/LoginCode");
            await second.FillAsync("#Input_Code", "000000" == Totp.Next(key) ? "111111" : "000000");
            await second.ClickAsync("#code-submit");
            Assert.Contains("验证码不正确", await second.TextContentAsync("[data-valmsg-for='Input.Code']"), StringComparison.Ordinal);
            await Chromium.ScreenshotAsync(second, $"login-code-step-{size}.png");

            await second.FillAsync("#Input_Code", Totp.Next(key));
            await second.ClickAsync("#code-submit");
            await Chromium.WaitForUrlAsync(second, "**/Station");
            await second.CloseAsync();
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// Waits for the QR image to be decoded; a failure says what the image's address answers. Under load it once answered
    /// a redirect to sign-in: creating the key renewed the security stamp, and the image's request could carry the
    /// cookie from before (now the key is stored without a new stamp; AccountSecurity.AuthenticatorSetupAsync).
    /// </summary>
    private static async Task WaitForQrAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "() => { const img = document.querySelector('[data-testid=authenticator-qr]'); return img && img.complete && img.naturalWidth > 0; }",
                null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var answer = await page.EvaluateAsync<string>(
                "async () => { const r = await fetch('/Account/TwoFactor?handler=Qr', { redirect: 'manual' }); return r.status + ' ' + r.type + ' ' + (r.headers.get('content-type') || ''); }");
            Assert.Fail($"the QR image did not load within 60 s; its address answers now: {answer}; page: {page.Url}");
        }
    }

    private static async Task SignInAsync(IPage page, KestrelPortal portal, string email)
    {
        await page.GotoAsync(new Uri(portal.Address, "/Account/Login").ToString());
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", AccountSteps.Password);
        await page.ClickAsync("#login-submit");
    }
}
