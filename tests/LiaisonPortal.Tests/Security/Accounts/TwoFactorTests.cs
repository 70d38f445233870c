using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>
/// Two-step verification (TOTP) through the real pages, with codes computed from the shown key by RFC 6238 in the test:
/// set-up, the sign-in's second step, recovery codes (used up), lockout on the code step, turning it off and resetting
/// the key, an administrator turning it off (logged), and the API's login.
/// </summary>
[Trait("Category", "Security")]
public class TwoFactorTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public void TheTestsTotpMatchesTheRfcVector() => Totp.SelfCheck();

    [Fact]
    public async Task SetUpOnThePageThenSignInAsksForTheCodeOnASecondStep()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "twostep");
        using var client = await AccountSteps.SignedInAsync(portal.Factory, email);
        var setup = await client.GetDocumentAsync("/Account/TwoFactor");
        Assert.Contains("尚未开启", setup.QuerySelector("[data-testid=two-factor-state]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/Account/TwoFactor?handler=Qr", setup.QuerySelector("[data-testid=authenticator-qr]")!.GetAttribute("src"));
        var key = await AccountSteps.SharedKeyAsync(client);
        Assert.Equal(32, key.Length);

        using var wrong = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-enable-form",
            new Dictionary<string, string> { ["Enable.Code"] = Totp.Wrong(key) });
        Assert.Contains("验证码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(wrong), "Enable.Code"), StringComparison.Ordinal);
        Assert.False((await portal.FindUserAsync(email))!.TwoFactorEnabled);

        var (_, codes) = await AccountSteps.EnableTwoFactorAsync(client);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True((await portal.FindUserAsync(email))!.TwoFactorEnabled);
        // Shown once: the page does not show them again.
        var again = await client.GetDocumentAsync("/Account/TwoFactor");
        Assert.Empty(AccountSteps.RecoveryCodesOn(again));
        Assert.Contains("剩余恢复码：10 个", again.QuerySelector("[data-testid=two-factor-state]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(again.QuerySelector("[data-testid=shared-key]"));
        // The session that turned it on stays signed in.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Station")).StatusCode);

        using var other = portal.Factory.CreateBrowserLikeClient();
        using var password = await AccountSteps.PostLoginAsync(other, email);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/Account/LoginCode", password.Headers.Location!.OriginalString);
        // The password alone opens nothing.
        using var notYet = await other.GetAsync("/Station");
        Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        Assert.Contains("/Account/Login", notYet.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var wrongCode = await other.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Wrong(key) });
        Assert.Equal(HttpStatusCode.OK, wrongCode.StatusCode);
        Assert.Contains("验证码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(wrongCode), "Input.Code"), StringComparison.Ordinal);

        using var rightCode = await other.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Next(key) });
        Assert.Equal(HttpStatusCode.Redirect, rightCode.StatusCode);
        Assert.Equal("/Station", rightCode.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/Station")).StatusCode);
    }

    [Fact]
    public async Task EachCodeSignsInOnceAlsoWhenTwoRequestsBringItAtTheSameMoment()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "replay");
        using var owner = await AccountSteps.SignedInAsync(portal.Factory, email);
        var (key, _) = await AccountSteps.EnableTwoFactorAsync(owner);

        // A code that signed in once is refused the second time, on the page and on the API, though still inside the window.
        var code = Totp.Next(key);
        using (var first = await SecondStepAsync(email))
        {
            using var used = await first.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = code });
            Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        }

        using (var second = await SecondStepAsync(email))
        {
            using var replayed = await second.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = code });
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
            Assert.Contains("验证码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(replayed), "Input.Code"), StringComparison.Ordinal);
            // A code of an earlier step, still inside the ±2-step window, is refused after a later one was used.
            using var earlier = await second.SubmitFormAsync("/Account/LoginCode", "#code-form",
                new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(-30)) });
            Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        }

        using var api = portal.Factory.CreateClient();
        using var apiReplay = await api.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorCode = code });
        Assert.Equal(HttpStatusCode.Unauthorized, apiReplay.StatusCode);

        // One new code sent by two sign-ins at once: exactly one gets in (the account's concurrency stamp decides).
        var fresh = Totp.Next(key);
        using var a = await SecondStepAsync(email);
        using var b = await SecondStepAsync(email);
        var answers = await Task.WhenAll(
            a.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = fresh }),
            b.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = fresh }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Redirect], answers.Select(r => r.StatusCode).Order());
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    /// <summary>A client past the password step, on the code step.</summary>
    private async Task<HttpClient> SecondStepAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var password = await AccountSteps.PostLoginAsync(client, email);
        Assert.Equal("/Account/LoginCode", password.Headers.Location!.OriginalString);
        return client;
    }

    [ZbarFact]
    public async Task TheQrCodeCarriesTheOtpauthUriOfTheShownKey()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "qr");
        using var client = await AccountSteps.SignedInAsync(portal.Factory, email);
        var key = await AccountSteps.SharedKeyAsync(client);

        using var image = await client.GetAsync("/Account/TwoFactor?handler=Qr");

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", image.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var uri = await Zbar.DecodeAsync(await image.Content.ReadAsByteArrayAsync());
        Assert.Equal($"otpauth://totp/LiaisonPortal:{Uri.EscapeDataString(email)}?secret={key}&issuer=LiaisonPortal&digits=6", uri);
        // An authenticator app that scanned it produces codes the page accepts.
        var secret = System.Web.HttpUtility.ParseQueryString(new Uri(uri).Query)["secret"]!;
        using var enable = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-enable-form",
            new Dictionary<string, string> { ["Enable.Code"] = Totp.Next(secret) });
        Assert.Equal(10, AccountSteps.RecoveryCodesOn(await HtmlForms.ParseAsync(enable)).Count);
        // Once on, the key is no longer handed out.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Account/TwoFactor?handler=Qr")).StatusCode);
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnceAndIsThenUsedUp()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "recovery");
        using var owner = await AccountSteps.SignedInAsync(portal.Factory, email);
        var (_, codes) = await AccountSteps.EnableTwoFactorAsync(owner);

        using var first = portal.Factory.CreateBrowserLikeClient();
        await AccountSteps.PostLoginAsync(first, email);
        using var used = await first.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = " " + codes[3].ToLowerInvariant() + " " });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal("/Station", used.Headers.Location!.OriginalString);

        using var second = portal.Factory.CreateBrowserLikeClient();
        await AccountSteps.PostLoginAsync(second, email);
        using var again = await second.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = codes[3] });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("已经用过", AccountSteps.MessageFor(await HtmlForms.ParseAsync(again), "Recovery.Code"), StringComparison.Ordinal);
        Assert.Equal(9, await RecoveryCodesLeftAsync(email));
        Assert.Contains("剩余恢复码：9 个", (await owner.GetDocumentAsync("/Account/TwoFactor")).QuerySelector("[data-testid=two-factor-state]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCodesOnTheSecondStepLockTheAccountLikeWrongPasswords()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "codelock");
        using var owner = await AccountSteps.SignedInAsync(portal.Factory, email);
        var (key, codes) = await AccountSteps.EnableTwoFactorAsync(owner);
        using var attacker = portal.Factory.CreateBrowserLikeClient();
        await AccountSteps.PostLoginAsync(attacker, email);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var wrong = await attacker.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Wrong(key) });
            Assert.Contains("验证码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(wrong), "Input.Code"), StringComparison.Ordinal);
        }

        // Wrong recovery codes count too.
        using var wrongRecovery = await attacker.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = "ZZZZZ-ZZZZZ" });
        Assert.Contains("恢复码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(wrongRecovery), "Recovery.Code"), StringComparison.Ordinal);
        Assert.Equal(4, (await portal.FindUserAsync(email))!.AccessFailedCount);
        using var fifth = await attacker.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Wrong(key) });
        Assert.Contains("已被锁定", AccountSteps.MessageFor(await HtmlForms.ParseAsync(fifth), string.Empty), StringComparison.Ordinal);

        using var right = await attacker.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Next(key) });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("已被锁定", AccountSteps.MessageFor(await HtmlForms.ParseAsync(right), string.Empty), StringComparison.Ordinal);
        using var recovery = await attacker.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = codes[0] });
        Assert.Contains("已被锁定", AccountSteps.MessageFor(await HtmlForms.ParseAsync(recovery), string.Empty), StringComparison.Ordinal);
        Assert.Equal(10, await RecoveryCodesLeftAsync(email));
        Assert.True((await portal.FindUserAsync(email))!.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task TurningItOffAndResettingTheKeyNeedThePassword()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "disable");
        using var client = await AccountSteps.SignedInAsync(portal.Factory, email);
        var (firstKey, _) = await AccountSteps.EnableTwoFactorAsync(client);

        using var wrongPassword = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-disable-form", new Dictionary<string, string> { ["ConfirmPassword"] = "Not-The-Password-1" });
        Assert.Contains("登录密码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(wrongPassword), "ConfirmPassword"), StringComparison.Ordinal);
        Assert.True((await portal.FindUserAsync(email))!.TwoFactorEnabled);

        using var newCodes = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-recoverycodes-form", new Dictionary<string, string> { ["ConfirmPassword"] = AccountSteps.Password });
        var fresh = AccountSteps.RecoveryCodesOn(await HtmlForms.ParseAsync(newCodes));
        Assert.Equal(10, fresh.Count);

        using var reset = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-reset-form", new Dictionary<string, string> { ["ConfirmPassword"] = AccountSteps.Password });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.False((await portal.FindUserAsync(email))!.TwoFactorEnabled);
        var secondKey = await AccountSteps.SharedKeyAsync(client);
        Assert.NotEqual(firstKey, secondKey);
        Assert.Equal(0, await RecoveryCodesLeftAsync(email));
        // The old phone's code no longer turns it on; the new key's does.
        using var oldPhone = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-enable-form", new Dictionary<string, string> { ["Enable.Code"] = Totp.Next(firstKey) });
        Assert.Contains("验证码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(oldPhone), "Enable.Code"), StringComparison.Ordinal);
        await AccountSteps.EnableTwoFactorAsync(client);

        using var disable = await client.SubmitFormAsync("/Account/TwoFactor", "#two-factor-disable-form", new Dictionary<string, string> { ["ConfirmPassword"] = AccountSteps.Password });
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.False((await portal.FindUserAsync(email))!.TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Station")).StatusCode);
        using var passwordOnly = portal.Factory.CreateBrowserLikeClient();
        Assert.Equal("/Station", (await AccountSteps.PostLoginAsync(passwordOnly, email)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AnAdministratorSeesTheStateAndTurnsItOffForALostPhoneWhichIsLogged()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "lostphone");
        using var owner = await AccountSteps.SignedInAsync(portal.Factory, email);
        await AccountSteps.EnableTwoFactorAsync(owner);
        using var admin = await AccountSteps.SignedInAsync(portal.Factory, "admin@liaison.demo", "Demo-Liaison-2026");

        var list = await admin.GetDocumentAsync("/Admin/Accounts?q=" + Uri.EscapeDataString(email));
        var row = list.QuerySelector($"tr[data-email='{email}']")!;
        Assert.Contains("已开启", row.QuerySelector("[data-testid=two-factor]")!.TextContent, StringComparison.Ordinal);
        var details = row.QuerySelector("a")!.GetAttribute("href")!;

        using var reset = await admin.SubmitFormAsync(details, "#reset-two-factor-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var user = (await portal.FindUserAsync(email))!;
        Assert.False(user.TwoFactorEnabled);
        Assert.Contains("未开启", (await admin.GetDocumentAsync(details)).QuerySelector("[data-testid=two-factor]")!.TextContent, StringComparison.Ordinal);
        var entry = await portal.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "ApplicationUser" && a.EntityKey == email));
        Assert.Equal("Modified", entry.Action);
        Assert.Equal("系统管理员", entry.ActorName);
        var changes = JsonDocument.Parse(entry.Changes).RootElement;
        Assert.Equal("[true,false]", changes.GetProperty("TwoFactorEnabled").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        using var passwordOnly = portal.Factory.CreateBrowserLikeClient();
        Assert.Equal("/Station", (await AccountSteps.PostLoginAsync(passwordOnly, email)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task NonAdministratorsCannotOpenTheAccountPages()
    {
        using var office = await AccountSteps.SignedInAsync(portal.Factory, "office@liaison.demo", "Demo-Liaison-2026");

        using var list = await office.GetAsync("/Admin/Accounts");

        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.Contains("/Account/AccessDenied", list.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiLoginAsksForTheCodeOfATwoStepAccount()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "apicode");
        using var owner = await AccountSteps.SignedInAsync(portal.Factory, email);
        var (key, codes) = await AccountSteps.EnableTwoFactorAsync(owner);
        using var client = portal.Factory.CreateClient();

        using var without = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("RequiresTwoFactor", JsonDocument.Parse(await without.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());

        using var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorCode = Totp.Wrong(key) });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorCode = Totp.Next(key) });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await right.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()));

        using var recovery = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorRecoveryCode = codes[0] });
        Assert.Equal(HttpStatusCode.OK, recovery.StatusCode);
        using var reused = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorRecoveryCode = codes[0] });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
    }

    private Task<int> RecoveryCodesLeftAsync(string email) =>
        portal.WithScopeAsync(async provider =>
        {
            var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<UserManager<Core.Accounts.ApplicationUser>>(provider);
            return await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(email))!);
        });
}
