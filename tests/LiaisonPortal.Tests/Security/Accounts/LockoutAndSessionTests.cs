using System.Net;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>
/// Lockout (five wrong passwords: fifteen minutes, the right password refused meanwhile, accepted after) and the
/// thirty-minute idle limit of a staff session, which slides while the person works.
/// </summary>
[Trait("Category", "Security")]
public class LockoutAndSessionTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task FiveWrongPasswordsLockForFifteenMinutesThenTheRightPasswordWorksAgain()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "lockout");
        using var client = portal.Factory.CreateBrowserLikeClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await AccountSteps.PostLoginAsync(client, email, $"Wrong-Guess-{attempt:0000}");
            Assert.Contains("邮箱或密码不正确", AccountSteps.MessageFor(await HtmlForms.ParseAsync(wrong), string.Empty), StringComparison.Ordinal);
        }

        Assert.Equal(4, (await portal.FindUserAsync(email))!.AccessFailedCount);
        using var fifth = await AccountSteps.PostLoginAsync(client, email, "Wrong-Guess-0005");
        var lockedAt = DateTimeOffset.UtcNow;
        Assert.Contains("已被锁定", AccountSteps.MessageFor(await HtmlForms.ParseAsync(fifth), string.Empty), StringComparison.Ordinal);

        using var sixth = await AccountSteps.PostLoginAsync(client, email);

        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        var message = AccountSteps.MessageFor(await HtmlForms.ParseAsync(sixth), string.Empty);
        Assert.Contains("已被锁定", message, StringComparison.Ordinal);
        Assert.Contains("15 分钟", message, StringComparison.Ordinal);
        var end = (await portal.FindUserAsync(email))!.LockoutEnd!.Value;
        Assert.InRange(end - lockedAt, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.5));

        // Identity reads the system clock for lockouts (no TimeProvider), so the fifteen minutes are made to have passed.
        await portal.QueryAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddSeconds(-1))));

        using var after = await AccountSteps.PostLoginAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/Station", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task GuessesSentInParallelAreEachCountedAndNoneFails()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "parallel");
        var clients = Enumerable.Range(0, 8).Select(_ => portal.Factory.CreateBrowserLikeClient()).ToList();
        // Each client has its form and antiforgery pair first, so the posts leave together.
        var forms = await Task.WhenAll(clients.Select(c => c.GetDocumentAsync("/Account/Login")));
        Assert.All(forms, f => Assert.NotNull(f.QuerySelector("#login-form")));

        var answers = await Task.WhenAll(clients.Select((c, i) => AccountSteps.PostLoginAsync(c, email, $"Parallel-Guess-{i:0000}")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var user = (await portal.FindUserAsync(email))!;
        // Five failures lock the account; without one-at-a-time attempts, concurrent saves lost most of the counts.
        Assert.NotNull(user.LockoutEnd);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
        var failures = await portal.QueryAsync(db => db.AuditEntries.CountAsync(a => a.EntityKey == email && a.Action == "SignInFailed"));
        Assert.Equal(8, failures);
        foreach (var (answer, client) in answers.Zip(clients))
        {
            answer.Dispose();
            client.Dispose();
        }
    }

    [Fact]
    public async Task OneMinuteBeforeTheEndTheAccountIsStillLocked()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "stilllocked");
        await portal.QueryAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(1))));
        using var client = portal.Factory.CreateBrowserLikeClient();

        using var response = await AccountSteps.PostLoginAsync(client, email);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已被锁定", AccountSteps.MessageFor(await HtmlForms.ParseAsync(response), string.Empty), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionSlidesWhileUsedAndEndsAfterThirtyMinutesIdle()
    {
        var clock = new AdjustableClock();
        await using var factory = new PortalFactory(portal.ConnectionString, configure: b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var email = await AccountSteps.NewAccountAsync(portal, "idle");
        using var client = await AccountSteps.SignedInAsync(factory, email);

        // Busy: a page every 20 minutes for an hour and a half, longer than 30 minutes in all, each gap under 30.
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            using var busy = await client.GetAsync("/Station");
            Assert.True(busy.StatusCode == HttpStatusCode.OK, $"signed out after {(i + 1) * 20} minutes of work");
        }

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Station")).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(5));
        using var idle = await client.GetAsync("/Station");
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login", idle.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiTokenAlsoLastsThirtyMinutes()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "token");
        using var client = portal.Factory.CreateClient();

        using var login = await client.PostAsync("/api/v1/auth/login", System.Net.Http.Json.JsonContent.Create(new { email, password = AccountSteps.Password }));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        Assert.Equal(30 * 60, json.RootElement.GetProperty("expiresIn").GetInt32());
    }
}
