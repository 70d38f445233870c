using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Access;

/// <summary>
/// Sign-in cookies and API tokens end: after the idle time, on sign-out (a cookie copied before signing out is dead too)
/// and when the password changes (every other session and token of the account). Each test opens its own account,
/// so ending one account's sessions cannot disturb another test.
/// </summary>
[Trait("Category", "Security")]
public class SessionInvalidationTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    private const string Password = "Session-Desk-2026";
    private const string StaffPage = "/Office";

    [Fact]
    public async Task ACookieCopiedBeforeSignOutNoLongerReachesAStaffPage()
    {
        var email = await AccountAsync("signout");
        await using var factory = new PortalFactory(database.ConnectionString);
        using var browser = factory.CreateBrowserLikeClient();
        var cookie = await SignInAsync(browser, email);
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(factory, cookie, StaffPage)).StatusCode);

        using var signOut = await browser.SubmitFormAsync(StaffPage, "form[action='/Account/Logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var replay = await WithCookieAsync(factory, cookie, StaffPage);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/Account/Login", replay.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOutAlsoEndsTheAccountsApiTokens()
    {
        var email = await AccountAsync("signout-api");
        await using var factory = new PortalFactory(database.ConnectionString);
        var (token, _) = await TokensAsync(factory, email);
        using var browser = factory.CreateBrowserLikeClient();
        await SignInAsync(browser, email);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(factory, token));

        using var signOut = await browser.SubmitFormAsync(StaffPage, "form[action='/Account/Logout']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(factory, token));
    }

    [Fact]
    public async Task APasswordChangeEndsEveryOtherCookieAccessTokenAndRefreshToken()
    {
        var email = await AccountAsync("password");
        await using var factory = new PortalFactory(database.ConnectionString);
        using var desk = factory.CreateBrowserLikeClient();
        var cookie = await SignInAsync(desk, email);
        var (access, refresh) = await TokensAsync(factory, email);
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(factory, cookie, StaffPage)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(factory, access));

        // The change as every password page makes it: Identity's UserManager, which renews the security stamp.
        var changed = await database.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            return await users.ChangePasswordAsync((await users.FindByEmailAsync(email))!, Password, "Changed-Desk-2027");
        });
        Assert.True(changed.Succeeded);

        using var oldCookie = await WithCookieAsync(factory, cookie, StaffPage);
        Assert.Equal(HttpStatusCode.Redirect, oldCookie.StatusCode);
        Assert.Contains("/Account/Login", oldCookie.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(factory, access));
        using var client = factory.CreateClient();
        using var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);

        // The new password works at once.
        using var again = factory.CreateBrowserLikeClient();
        using var signIn = await again.SignInAsync(email, "Changed-Desk-2027");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(StaffPage)).StatusCode);
    }

    [Fact]
    public async Task AnAccessTokenExpiresAfterThirtyMinutesAndARefreshTokenAfterTwelveHours()
    {
        var email = await AccountAsync("token-clock");
        var clock = new AdjustableClock();
        await using var factory = new PortalFactory(database.ConnectionString, configure: b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (access, refresh) = await TokensAsync(factory, email);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(factory, access));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(factory, access));

        // Refreshing within the twelve hours gives a working token; past them, the refresh token is dead.
        using var client = factory.CreateClient();
        using (var renewed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh }))
        {
            Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
            using var json = JsonDocument.Parse(await renewed.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, await MeAsync(factory, json.RootElement.GetProperty("accessToken").GetString()!));
        }

        clock.Advance(TimeSpan.FromHours(12));
        using var late = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
    }

    [Fact]
    public async Task ACookieIdleForMoreThanThirtyMinutesIsRejectedEvenWhenReplayed()
    {
        var email = await AccountAsync("idle");
        var clock = new AdjustableClock();
        await using var factory = new PortalFactory(database.ConnectionString, configure: b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var browser = factory.CreateBrowserLikeClient();
        var cookie = await SignInAsync(browser, email);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(factory, cookie, StaffPage)).StatusCode);
        // The copy is not renewed by the browser's own use: 31 minutes after it was issued, it is too old.
        clock.Advance(TimeSpan.FromMinutes(2));

        using var replay = await WithCookieAsync(factory, cookie, StaffPage);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/Account/Login", replay.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingThePasswordLateInTheDayDoesNotRestartTheTwelveHours()
    {
        var email = await AccountAsync("refresh");
        var clock = new AdjustableClock();
        await using var factory = new PortalFactory(database.ConnectionString, configure: b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var browser = factory.CreateBrowserLikeClient();
        await SignInAsync(browser, email);

        // Busy for eleven hours, then the password is changed: the page renews this session's cookie.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11); elapsed += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            using var busy = await browser.GetAsync(StaffPage);
            Assert.True(busy.StatusCode == HttpStatusCode.OK, $"signed out after {elapsed}");
        }

        using var change = await browser.SubmitFormAsync("/Account/ChangePassword", "#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Password,
            ["Input.NewPassword"] = "Session-Desk-2027-New",
            ["Input.ConfirmPassword"] = "Session-Desk-2027-New",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        foreach (var elapsed in new[] { "11:20", "11:40" })
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            using var busy = await browser.GetAsync(StaffPage);
            Assert.True(busy.StatusCode == HttpStatusCode.OK, $"signed out at {elapsed} (after the change)");
        }

        // At 12:05 the session ends all the same, while still busy (25 minutes since the last request, under the idle
        // limit): the renewal did not start a new twelve hours.
        clock.Advance(TimeSpan.FromMinutes(25));
        using var late = await browser.GetAsync(StaffPage);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Contains("/Account/Login", late.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<string> AccountAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}"[..24] + "@session.test";
        await database.CreateUserAsync(new NewStaffAccount(email, Password, Roles.CongressStaff, RegionCode: "990102", DisplayName: "会话测试"));
        return email;
    }

    /// <summary>Signs in on the page and returns the sign-in cookie as a browser would send it.</summary>
    private static async Task<string> SignInAsync(HttpClient client, string email)
    {
        using var response = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("LiaisonPortal.Auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<HttpResponseMessage> WithCookieAsync(PortalFactory factory, string cookie, string path)
    {
        using var client = factory.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static async Task<(string Access, string Refresh)> TokensAsync(PortalFactory factory, string email)
    {
        using var client = factory.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("accessToken").GetString()!, json.RootElement.GetProperty("refreshToken").GetString()!);
    }

    private static async Task<HttpStatusCode> MeAsync(PortalFactory factory, string token)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
