using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>
/// The two-step secrets at rest: after turning two-step verification on through the page, no table of the database holds
/// the authenticator key or a recovery code in plain text (the key is a Data Protection payload, the codes are hashes), and
/// signing in with either still works, on the page and the API; an account whose key and codes were written in plain text
/// before still signs in, and its codes are hashed once one is used.
/// </summary>
[Trait("Category", "Security")]
public class TwoFactorSecretsAtRestTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string RecoveryAlphabet = "23456789BCDFGHJKMNPQRTVWXY";

    [Fact]
    public async Task NoTableHoldsTheKeyOrARecoveryCodeAndBothStillSignIn()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "atrest");
        using var owner = await AccountSteps.SignedInAsync(portal.Factory, email);
        var (key, codes) = await AccountSteps.EnableTwoFactorAsync(owner);
        var userId = (await portal.FindUserAsync(email))!.Id;

        // The rows as a table dump shows them: the key is a Data Protection payload of its purpose, the codes ten hashes.
        var rows = await TokenRowsAsync(userId);
        var stored = rows.Single(r => r.LoginProvider == "[AspNetUserStore]" && r.Name == "AuthenticatorKey").Value;
        Assert.StartsWith("CfDJ8", stored, StringComparison.Ordinal);
        Assert.Equal(key, await portal.WithScopeAsync(p => Task.FromResult(
            p.GetRequiredService<IDataProtectionProvider>().CreateProtector("LiaisonPortal.AuthenticatorKey.v1").Unprotect(stored))));
        var hashes = rows.Single(r => r.LoginProvider == "[AspNetUserStore]" && r.Name == "RecoveryCodes").Value.Split(';');
        Assert.Equal(10, hashes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(hashes, h => Assert.Matches("^pbkdf2:[A-Za-z0-9_-]{43}$", h));
        Assert.Empty(await TablesHoldingAsync(Secrets(key, codes)));

        // The authenticator's code signs in.
        using (var web = await SecondStepAsync(email))
        {
            using var signedIn = await web.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Next(key) });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/Station", signedIn.Headers.Location!.OriginalString);
        }

        // A recovery code signs in once, typed in lower case with spaces; the count drops by one, the page says so.
        using (var web = await SecondStepAsync(email))
        {
            using var recovered = await web.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = " " + codes[6].ToLowerInvariant() + " " });
            Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        }

        using (var web = await SecondStepAsync(email))
        {
            using var again = await web.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = codes[6] });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("已经用过", AccountSteps.MessageFor(await HtmlForms.ParseAsync(again), "Recovery.Code"), StringComparison.Ordinal);
        }

        Assert.Equal(9, await RecoveryCodesLeftAsync(email));
        Assert.Contains("剩余恢复码：9 个", (await owner.GetDocumentAsync("/Account/TwoFactor")).QuerySelector("[data-testid=two-factor-state]")!.TextContent, StringComparison.Ordinal);
        var left = (await TokenRowsAsync(userId)).Single(r => r.Name == "RecoveryCodes").Value.Split(';');
        Assert.Equal(hashes.Where((_, i) => i != 6), left);

        // New codes replace every old one, hashed too.
        using var fresh = await owner.SubmitFormAsync("/Account/TwoFactor", "#two-factor-recoverycodes-form", new Dictionary<string, string> { ["ConfirmPassword"] = AccountSteps.Password });
        var newCodes = AccountSteps.RecoveryCodesOn(await HtmlForms.ParseAsync(fresh));
        Assert.Equal(10, newCodes.Count);
        Assert.Empty(await TablesHoldingAsync(Secrets(key, newCodes)));
        Assert.Empty((await TokenRowsAsync(userId)).Single(r => r.Name == "RecoveryCodes").Value.Split(';').Intersect(hashes));
        using (var web = await SecondStepAsync(email))
        {
            using var old = await web.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = codes[0] });
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
            using var current = await web.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = newCodes[0] });
            Assert.Equal(HttpStatusCode.Redirect, current.StatusCode);
        }

        // The one-time authenticator's own row is kept as before (last step used, and which key it was of).
        Assert.Matches("^[0-9]+:[0-9A-F]{16}$", (await TokenRowsAsync(userId)).Single(r => r.LoginProvider == "[LiaisonPortal]" && r.Name == "AuthenticatorLastStep").Value);
    }

    [Fact]
    public async Task TheApiLoginTakesTheCodeOfAnEncryptedKeyAndARecoveryCodeOnce()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "apiatrest");
        using var owner = await AccountSteps.SignedInAsync(portal.Factory, email);
        var (key, codes) = await AccountSteps.EnableTwoFactorAsync(owner);
        var userId = (await portal.FindUserAsync(email))!.Id;
        Assert.Empty(await TablesHoldingAsync(Secrets(key, codes)));
        Assert.False(PortalUserStore.IsPlainAuthenticatorKey((await TokenRowsAsync(userId)).Single(r => r.Name == "AuthenticatorKey").Value));
        using var client = portal.Factory.CreateClient();

        using var code = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorCode = Totp.Next(key) });
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await code.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()));

        using var recovery = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorRecoveryCode = codes[2].Replace("-", string.Empty, StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.OK, recovery.StatusCode);
        using var reused = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorRecoveryCode = codes[2] });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal(9, await RecoveryCodesLeftAsync(email));
    }

    [Fact]
    public async Task AnAccountWhoseKeyAndCodesWereStoredPlainBeforeStillSignsInAndItsCodesAreThenHashed()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "legacy2fa");
        var userId = (await portal.FindUserAsync(email))!.Id;
        // As Identity's own store wrote them: the base32 key, and the codes joined by ';'.
        var key = await portal.WithScopeAsync(p => Task.FromResult(p.GetRequiredService<UserManager<ApplicationUser>>().GenerateNewAuthenticatorKey()));
        Assert.True(PortalUserStore.IsPlainAuthenticatorKey(key));
        var codes = Enumerable.Range(0, 10).Select(_ => RandomNumberGenerator.GetString(RecoveryAlphabet, 5) + "-" + RandomNumberGenerator.GetString(RecoveryAlphabet, 5)).ToList();
        await portal.QueryAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value")
                VALUES ({userId}, '[AspNetUserStore]', 'AuthenticatorKey', {key}), ({userId}, '[AspNetUserStore]', 'RecoveryCodes', {string.Join(';', codes)})
                """);
            return await db.Database.ExecuteSqlAsync($"""UPDATE "AspNetUsers" SET "TwoFactorEnabled" = true WHERE "Id" = {userId}""");
        });
        Assert.Equal(10, await RecoveryCodesLeftAsync(email));

        using (var web = await SecondStepAsync(email))
        {
            using var wrong = await web.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Wrong(key) });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            using var signedIn = await web.SubmitFormAsync("/Account/LoginCode", "#code-form", new Dictionary<string, string> { ["Input.Code"] = Totp.Next(key) });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/Station", signedIn.Headers.Location!.OriginalString);
        }

        using (var web = await SecondStepAsync(email))
        {
            using var recovered = await web.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = codes[4].ToLowerInvariant() });
            Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        }

        using (var web = await SecondStepAsync(email))
        {
            using var again = await web.SubmitFormAsync("/Account/LoginCode", "#recovery-form", new Dictionary<string, string> { ["Recovery.Code"] = codes[4] });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("已经用过", AccountSteps.MessageFor(await HtmlForms.ParseAsync(again), "Recovery.Code"), StringComparison.Ordinal);
        }

        // The codes left were written back hashed: no plain code remains, and one of them still signs in (on the API too).
        Assert.Equal(9, await RecoveryCodesLeftAsync(email));
        Assert.All((await TokenRowsAsync(userId)).Single(r => r.Name == "RecoveryCodes").Value.Split(';'), h => Assert.StartsWith("pbkdf2:", h, StringComparison.Ordinal));
        Assert.Empty(await TablesHoldingAsync(codes.Select(c => c.Replace("-", string.Empty, StringComparison.Ordinal)).Concat(codes).ToList()));
        using var client = portal.Factory.CreateClient();
        using var recovery = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorRecoveryCode = codes[9] });
        Assert.Equal(HttpStatusCode.OK, recovery.StatusCode);
        using var code = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AccountSteps.Password, twoFactorCode = Totp.Next(key) });
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
        Assert.Equal(8, await RecoveryCodesLeftAsync(email));

        // The plain key is still plain until it is written again (rotate-keys --reencrypt encrypts it: KeyRotationTests).
        Assert.Equal(key, (await TokenRowsAsync(userId)).Single(r => r.Name == "AuthenticatorKey").Value);
    }

    [Fact]
    public async Task AKeyNoKeyOfTheRingDecryptsDoesNotLetThePasswordAloneInAndAnAdministratorCanTurnItOff()
    {
        var email = await AccountSteps.NewAccountAsync(portal, "lostring");
        var userId = (await portal.FindUserAsync(email))!.Id;
        // A payload of another purpose stands for one whose key was lost: well formed, but it does not decrypt.
        var unreadable = await portal.WithScopeAsync(p => Task.FromResult(
            p.GetRequiredService<IDataProtectionProvider>().CreateProtector("test.other").Protect("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")));
        await portal.QueryAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ({userId}, '[AspNetUserStore]', 'AuthenticatorKey', {unreadable})""");
            // Without a confirmed email Identity's email provider does not count as a second factor either: whether the
            // password alone gets in depends on the unreadable key alone (read as "no key", it would).
            return await db.Database.ExecuteSqlAsync($"""UPDATE "AspNetUsers" SET "TwoFactorEnabled" = true, "EmailConfirmed" = false WHERE "Id" = {userId}""");
        });

        using (var client = portal.Factory.CreateBrowserLikeClient())
        {
            using var password = await AccountSteps.PostLoginAsync(client, email);
            Assert.NotEqual("/Station", password.Headers.Location?.OriginalString);
            using var station = await client.GetAsync("/Station");
            Assert.Equal(HttpStatusCode.Redirect, station.StatusCode);
            Assert.Contains("/Account/Login", station.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var admin = await AccountSteps.SignedInAsync(portal.Factory, "admin@liaison.demo", "Demo-Liaison-2026");
        var details = (await admin.GetDocumentAsync("/Admin/Accounts?q=" + Uri.EscapeDataString(email))).QuerySelector($"tr[data-email='{email}'] a")!.GetAttribute("href")!;
        using var reset = await admin.SubmitFormAsync(details, "#reset-two-factor-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        using var passwordOnly = portal.Factory.CreateBrowserLikeClient();
        Assert.Equal("/Station", (await AccountSteps.PostLoginAsync(passwordOnly, email)).Headers.Location!.OriginalString);
        Assert.StartsWith("CfDJ8", (await TokenRowsAsync(userId)).Single(r => r.Name == "AuthenticatorKey").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainKeyIsTakenForBase32AndAnEncryptedOneNeverIs()
    {
        var (keys, payloads) = await portal.WithScopeAsync(p =>
        {
            var users = p.GetRequiredService<UserManager<ApplicationUser>>();
            var protector = p.GetRequiredService<IDataProtectionProvider>().CreateProtector(PortalUserStore.AuthenticatorKeyPurpose);
            var made = Enumerable.Range(0, 200).Select(_ => users.GenerateNewAuthenticatorKey()).ToList();
            return Task.FromResult((made, made.Select(k => protector.Protect(k)).ToList()));
        });

        Assert.All(keys, k => Assert.True(PortalUserStore.IsPlainAuthenticatorKey(k), k));
        Assert.True(PortalUserStore.IsPlainAuthenticatorKey("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        Assert.True(PortalUserStore.IsPlainAuthenticatorKey("MZXW6YQ="));
        // Every Data Protection payload starts with its magic header, 09 F0 C9 F0, "CfDJ8" in base64url: never base32.
        Assert.All(payloads, p => Assert.StartsWith("CfDJ8", p, StringComparison.Ordinal));
        Assert.All(payloads, p => Assert.False(PortalUserStore.IsPlainAuthenticatorKey(p), p));
        Assert.False(PortalUserStore.IsPlainAuthenticatorKey(string.Empty));

        // A recovery code's hash: the same for any way of typing the code, different for another account or code.
        var hash = PortalUserStore.HashRecoveryCode("user-a", "BCDFG-HJKMN");
        Assert.Equal(hash, PortalUserStore.HashRecoveryCode("user-a", " bcdfghjkmn "));
        Assert.NotEqual(hash, PortalUserStore.HashRecoveryCode("user-b", "BCDFG-HJKMN"));
        Assert.NotEqual(hash, PortalUserStore.HashRecoveryCode("user-a", "BCDFG-HJKMP"));
        Assert.DoesNotContain("BCDFG", hash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The key (as shown, and grouped for typing) and the codes (with and without the hyphen), upper case.</summary>
    private static List<string> Secrets(string key, IEnumerable<string> codes) =>
        [key, AccountSecurity.Grouped(key).ToUpperInvariant(), .. codes, .. codes.Select(c => c.Replace("-", string.Empty, StringComparison.Ordinal))];

    /// <summary>
    /// The tables in which any row's text (as a dump shows it) contains one of <paramref name="needles"/>, ignoring case:
    /// every table of the database, not only AspNetUserTokens.
    /// </summary>
    private Task<List<string>> TablesHoldingAsync(IReadOnlyList<string> needles) =>
        portal.QueryAsync(async db =>
        {
            var upper = needles.Select(n => n.ToUpperInvariant()).ToArray();
            var tables = await db.Database.SqlQuery<string>(
                $"""SELECT table_name AS "Value" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'""").ToListAsync();
            Assert.Contains("AspNetUserTokens", tables);
            var holding = new List<string>();
            foreach (var table in tables)
            {
                // The table name comes from the catalogue, the needles are a parameter.
                var sql = $$"""SELECT count(*)::int AS "Value" FROM "{{table.Replace("\"", "\"\"", StringComparison.Ordinal)}}" AS x WHERE EXISTS (SELECT 1 FROM unnest(@needles) AS n WHERE strpos(upper(x::text), n) > 0)""";
                var found = await db.Database.SqlQueryRaw<int>(sql, new Npgsql.NpgsqlParameter("needles", upper)).SingleAsync();
                if (found > 0)
                {
                    holding.Add(table);
                }
            }

            return holding;
        });

    private Task<List<TokenRow>> TokenRowsAsync(string userId) =>
        portal.QueryAsync(db => db.Database.SqlQuery<TokenRow>(
            $"""SELECT "LoginProvider", "Name", coalesce("Value", '') AS "Value" FROM "AspNetUserTokens" WHERE "UserId" = {userId}""").ToListAsync());

    private Task<int> RecoveryCodesLeftAsync(string email) =>
        portal.WithScopeAsync(async provider =>
        {
            var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
            return await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(email))!);
        });

    /// <summary>A client past the password step, on the code step.</summary>
    private async Task<HttpClient> SecondStepAsync(string email)
    {
        var client = portal.Factory.CreateBrowserLikeClient();
        using var password = await AccountSteps.PostLoginAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/Account/LoginCode", password.Headers.Location!.OriginalString);
        return client;
    }

    private sealed class TokenRow
    {
        public string LoginProvider { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Value { get; set; } = string.Empty;
    }
}
