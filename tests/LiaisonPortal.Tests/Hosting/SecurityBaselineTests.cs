using System.Net;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Hosting;

public class SecurityBaselineTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>
{
    [Fact]
    public async Task OutsideDevelopmentPlainHttpIsRedirectedToHttps()
    {
        await using var factory = Production();
        using var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://localhost/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task OutsideDevelopmentHttpsAnswersCarryHsts()
    {
        await using var factory = Production();
        using var client = factory.CreateBrowserLikeClient(https: true);
        // HSTS is never sent to localhost, so ask as the public host name.
        client.BaseAddress = new Uri("https://rd.example.gov.cn");

        using var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideDevelopmentTheSignInAndAntiforgeryCookiesAreHostPrefixedSecureAndHttpOnly()
    {
        await using var factory = Production();
        using var client = factory.CreateBrowserLikeClient(https: true);

        using var form = await client.GetAsync("/Account/Login");
        using var signIn = await client.SubmitFormAsync("/Account/Login", "#login-form",
            new Dictionary<string, string> { ["Input.Email"] = "admin@liaison.demo", ["Input.Password"] = "Demo-Liaison-2026" });

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = form.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie")).ToList();
        var auth = Assert.Single(cookies, c => c.StartsWith("__Host-LiaisonPortal.Auth=", StringComparison.Ordinal));
        var antiforgery = Assert.Single(cookies, c => c.StartsWith("__Host-LiaisonPortal.Antiforgery=", StringComparison.Ordinal));
        foreach (var cookie in new[] { auth, antiforgery })
        {
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ASessionEndsAfterThirtyMinutesIdle()
    {
        var clock = new AdjustableClock();
        await using var factory = WithClock(clock);
        using var client = await SignedInAsync(factory);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(31));

        using var idle = await client.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Contains("/Account/Login", idle.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnActiveSessionStillEndsTwelveHoursAfterSignIn()
    {
        var clock = new AdjustableClock();
        await using var factory = WithClock(clock);
        using var client = await SignedInAsync(factory);

        // Busy all day: a request every 20 minutes keeps renewing the cookie, until the twelve hours are up.
        for (var elapsed = TimeSpan.FromMinutes(20); elapsed < TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            using var busy = await client.GetAsync("/Admin");
            Assert.True(busy.StatusCode == HttpStatusCode.OK, $"signed out after {elapsed}");
        }

        clock.Advance(TimeSpan.FromMinutes(20));
        using var late = await client.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
    }

    [Fact]
    public async Task TheRateLimiterAnswers429WithRetryAfterNot503()
    {
        await using var factory = new PortalFactory(database.ConnectionString, settings: new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" });
        using var client = factory.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/Account/Login");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
                Assert.Contains("请求过于频繁", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ASignInCookieFromOneInstanceIsValidOnAnotherSharingTheDatabase()
    {
        await using var first = new PortalFactory(database.ConnectionString);
        await using var second = new PortalFactory(database.ConnectionString);
        using var client = first.CreateBrowserLikeClient();
        using var signIn = await client.SubmitFormAsync("/Account/Login", "#login-form",
            new Dictionary<string, string> { ["Input.Email"] = "admin@liaison.demo", ["Input.Password"] = "Demo-Liaison-2026" });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("LiaisonPortal.Auth=", StringComparison.Ordinal)).Split(';')[0];

        using var other = second.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Admin");
        request.Headers.Add("Cookie", cookie);
        using var response = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await database.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.DataProtectionKeys)));
    }

    [Fact]
    public async Task ErrorPagesAreFriendlyAndChinese()
    {
        await using var factory = new PortalFactory(database.ConnectionString);
        using var client = factory.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private PortalFactory WithClock(AdjustableClock clock) =>
        new(database.ConnectionString, configure: b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));

    private static async Task<HttpClient> SignedInAsync(PortalFactory factory)
    {
        var client = factory.CreateBrowserLikeClient();
        using var signIn = await client.SubmitFormAsync("/Account/Login", "#login-form",
            new Dictionary<string, string> { ["Input.Email"] = "admin@liaison.demo", ["Input.Password"] = "Demo-Liaison-2026" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private PortalFactory Production() => new(database.ConnectionString, "Production", new Dictionary<string, string?> { ["https_port"] = "443" });
}
