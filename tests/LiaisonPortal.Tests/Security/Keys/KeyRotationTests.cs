using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Tests.Citizens;
using LiaisonPortal.Tests.Infrastructure;
using LiaisonPortal.Web.Cli;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Security.Keys;

/// <summary>
/// rotate-keys: a new default key, every stored cipher moved onto it, the older keys revoked only when nothing stored
/// needs them — and then whatever the old keys protected (sessions, forms) is no longer accepted.
/// </summary>
[Trait("Category", "Security")]
public partial class KeyRotationTests(CitizenPortalFixture portal) : IClassFixture<CitizenPortalFixture>
{
    /// <summary>Purposes whose payloads live only as long as a request, a form or a session: nothing stored to move.</summary>
    private static readonly string[] TransientPurposes = ["LiaisonPortal.OpinionForm.Started.v1"];

    [Fact]
    public async Task RotationMovesEveryStoredCipherOntoTheNewKeyAndRevokesTheOldOnesOnlyWhenNothingNeedsThem()
    {
        var (encryptedKeyUser, plainKeyUser, plainKey) = await SeedEveryCipherColumnAsync();
        var before = await ReadAllAsync(portal.ConnectionString);
        foreach (var name in KeyRotation.StoredCiphers.Select(c => c.Name).Concat(KeyRotation.StoredTokens.Select(t => t.Name)))
        {
            Assert.True(before.Any(v => v.Column == name && v.Encrypted), $"the test has no value in {name}");
        }

        Assert.Contains(before, v => v.Id == encryptedKeyUser && v.Encrypted);
        Assert.Contains(before, v => v.Id == plainKeyUser && !v.Encrypted && v.Plain == plainKey);

        // Something protected with the old key ring, as a sign-in cookie would be.
        string session;
        await using (var old = TestCluster.CoreServices(portal.ConnectionString))
        {
            session = old.GetRequiredService<IDataProtectionProvider>().CreateProtector("test.session").Protect("signed-in");
        }

        // A new key without moving anything: revoking the old ones now would lose every phone number, so it is refused.
        var (exit, output, error) = await RunAsync("rotate-keys");
        Assert.Equal(0, exit);
        Assert.Contains("Keys rotated.", output, StringComparison.Ordinal);
        (exit, _, error) = await RunAsync("rotate-keys", "--revoke-old");
        Assert.Equal(1, exit);
        // Every encrypted value counts, the authenticator key among them; the key stored plain needs no older key.
        Assert.Contains($"{before.Count(v => v.Encrypted)} stored values still need an older key", error, StringComparison.Ordinal);
        Assert.Equal(0, await RevokedKeysAsync());
        Assert.Equal(Plain(before), Plain(await ReadAllAsync(portal.ConnectionString)));

        // Re-encrypt and revoke: every value reads the same, on the newest key, and the old keys are revoked.
        (exit, output, error) = await RunAsync("rotate-keys", "--reencrypt", "--revoke-old");
        Assert.True(exit == 0, error);
        Assert.Contains("Revoked", output, StringComparison.Ordinal);
        Assert.Matches(@"Opinion\.PhoneCipher: \d+ re-encrypted", output);
        Assert.Matches(@"AspNetUserTokens\.AuthenticatorKey: [1-9]\d* re-encrypted, [1-9]\d* encrypted \(stored plain before\)", output);
        var after = await ReadAllAsync(portal.ConnectionString);
        Assert.Equal(Plain(before), Plain(after));
        Assert.All(after, v => Assert.True(v.Encrypted && v.OnDefaultKey, $"{v.Column} #{v.Id} is plain or still on an older key"));
        Assert.All(after.Zip(before), pair => Assert.NotEqual(pair.Second.Cipher, pair.First.Cipher));
        Assert.True(await RevokedKeysAsync() >= 2);

        await using var fresh = TestCluster.CoreServices(portal.ConnectionString);
        Assert.ThrowsAny<CryptographicException>(() => fresh.GetRequiredService<IDataProtectionProvider>().CreateProtector("test.session").Unprotect(session));
        await using var scope = fresh.CreateAsyncScope();
        // Identity's store reads both keys as they were, the one stored plain before now encrypted.
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Core.Accounts.ApplicationUser>>();
        Assert.Equal(before.Single(v => v.Id == encryptedKeyUser).Plain, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(encryptedKeyUser))!));
        Assert.Equal(plainKey, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(plainKeyUser))!));
        var entry = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "DataProtectionKey" && a.Action == "rotate").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(3, entry.Count);
    }

    [Fact]
    public void EveryPurposeThatIsStoredIsRotated()
    {
        // Columns of integer-keyed tables and Identity's tokens (the authenticator key) alike.
        var stored = KeyRotation.StoredPurposes.ToHashSet(StringComparer.Ordinal);
        var found = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Purpose().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("LiaisonPortal.CitizenPhone.v1", found);
        Assert.Contains("LiaisonPortal.AuthenticatorKey.v1", found);
        Assert.Empty(found.Except(stored).Except(TransientPurposes));
    }

    /// <summary>Values in every column, and two authenticator keys: one as the store keeps it now, one written plain the old way.</summary>
    private async Task<(string EncryptedKeyUser, string PlainKeyUser, string PlainKey)> SeedEveryCipherColumnAsync()
    {
        using var client = portal.Factory.CreateBrowserLikeClient();
        foreach (var (title, phone) in new[] { ("换钥：带电话", "13900003333"), ("换钥：匿名", string.Empty) })
        {
            using var response = await client.SubmitMultipartAsync("/s/990102001-01", "form", new Dictionary<string, string>
            {
                ["Input.Title"] = title,
                ["Input.Content"] = "小区门口的路灯已经坏了两个星期，晚上出行很不方便，希望尽快修好。",
                ["Input.Phone"] = phone,
                ["Input.MayContact"] = phone.Length > 0 ? "true" : "false",
            }, null);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var day = DateTimeOffset.UtcNow.ToOffset(Core.Calendar.ChinaTime.Offset).AddDays(19).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var slot = await portal.WithScopeAsync(p => p.GetRequiredService<Core.Appointments.AppointmentBook>().OpenSlotAsync(Core.Accounts.StaffScope.Everything, new Core.Appointments.SlotInput
        {
            StationCode = "990102001-01", Date = day, StartTime = "09:00", EndTime = "10:00", Capacity = "2",
        }));
        Assert.True(slot.Succeeded, string.Join("; ", slot.Errors));
        var booked = await portal.WithScopeAsync(p => p.GetRequiredService<Core.Appointments.AppointmentBook>().BookAsync(Core.Appointments.BookingTargetKind.Station, "990102001-01",
            new Core.Appointments.BookingInput { SlotId = int.Parse(slot.Code!, System.Globalization.CultureInfo.InvariantCulture), Name = "吴十", Phone = "13812345555", Topic = "想反映小区路灯不亮" }));
        Assert.True(booked.Succeeded, string.Join("; ", booked.Errors));
        var partner = await portal.WithScopeAsync(p => p.GetRequiredService<PartnerSystems>()
            .CreateAsync(new PartnerInput("换钥测试平台", null, PartnerOperations.All, null, 600, "https://partner.example/hooks")));
        Assert.True(partner.Result.Succeeded, string.Join("; ", partner.Result.Errors));

        var encrypted = await portal.CreateUserAsync(new NewStaffAccount("rotate-key-new@accounts.test", "Harbour-Lantern-2026", Roles.Admin));
        await portal.WithScopeAsync(async p =>
        {
            var users = p.GetRequiredService<UserManager<ApplicationUser>>();
            return await p.GetRequiredService<AccountSecurity>().AuthenticatorSetupAsync((await users.FindByIdAsync(encrypted.Id))!);
        });
        var plain = await portal.CreateUserAsync(new NewStaffAccount("rotate-key-old@accounts.test", "Harbour-Lantern-2026", Roles.Admin));
        var plainKey = await portal.WithScopeAsync(p => Task.FromResult(p.GetRequiredService<UserManager<ApplicationUser>>().GenerateNewAuthenticatorKey()));
        await portal.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ({plain.Id}, '[AspNetUserStore]', 'AuthenticatorKey', {plainKey})"""));
        return (encrypted.Id, plain.Id, plainKey);
    }

    /// <param name="Encrypted">False for an authenticator key stored plain before it was encrypted (then Cipher is Plain).</param>
    private sealed record Stored(string Column, string Id, string Cipher, string Plain, bool OnDefaultKey, bool Encrypted = true);

    private static List<(string, string, string)> Plain(IEnumerable<Stored> values) => values.Select(v => (v.Column, v.Id, v.Plain)).ToList();

    /// <summary>Every stored value, decrypted by a provider that reads the key ring afresh.</summary>
    private static async Task<List<Stored>> ReadAllAsync(string connectionString)
    {
        await using var services = TestCluster.CoreServices(connectionString);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var provider = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>();
        var values = new List<Stored>();
        foreach (var cipher in KeyRotation.StoredCiphers)
        {
            var entity = db.Model.FindEntityType(cipher.Entity)!;
            var column = entity.FindProperty(cipher.Property)!.GetColumnName();
            var sql = $"""SELECT "Id"::bigint AS "Id", "{column}" AS "Value" FROM "{entity.GetTableName()}" WHERE "{column}" IS NOT NULL AND "{column}" <> '' ORDER BY "Id" """;
            var rows = await db.Database.SqlQueryRaw<Row>(sql).ToListAsync();
            var protector = (IPersistedDataProtector)provider.CreateProtector(cipher.Purpose);
            foreach (var row in rows.Where(r => cipher.Legacy?.Invoke(r.Value) != true))
            {
                var plain = protector.DangerousUnprotect(System.Buffers.Text.Base64Url.DecodeFromChars(row.Value), false, out var requiresMigration, out _);
                values.Add(new Stored(cipher.Name, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Value, System.Text.Encoding.UTF8.GetString(plain), !requiresMigration));
            }
        }

        foreach (var token in KeyRotation.StoredTokens)
        {
            var rows = await db.Database.SqlQuery<TokenRow>(
                $"""SELECT "UserId", "Value" FROM "AspNetUserTokens" WHERE "LoginProvider" = {token.LoginProvider} AND "Name" = {token.TokenName} AND "Value" <> '' ORDER BY "UserId" """).ToListAsync();
            var protector = (IPersistedDataProtector)provider.CreateProtector(token.Purpose);
            foreach (var row in rows)
            {
                if (token.Plain(row.Value))
                {
                    values.Add(new Stored(token.Name, row.UserId, row.Value, row.Value, OnDefaultKey: false, Encrypted: false));
                    continue;
                }

                var plain = protector.DangerousUnprotect(System.Buffers.Text.Base64Url.DecodeFromChars(row.Value), false, out var requiresMigration, out _);
                values.Add(new Stored(token.Name, row.UserId, row.Value, System.Text.Encoding.UTF8.GetString(plain), !requiresMigration));
            }
        }

        return values;
    }

    private async Task<int> RevokedKeysAsync()
    {
        await using var services = TestCluster.CoreServices(portal.ConnectionString);
        return services.GetRequiredService<IKeyManager>().GetAllKeys().Count(k => k.IsRevoked);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommandLine.RunAsync(args, output, error, builder => builder.Configuration["ConnectionStrings:Liaison"] = portal.ConnectionString);
        return (exit, output.ToString(), error.ToString());
    }

    private sealed class TokenRow
    {
        public string UserId { get; set; } = string.Empty;

        public string Value { get; set; } = string.Empty;
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public string Value { get; set; } = string.Empty;
    }

    [GeneratedRegex("\"(LiaisonPortal\\.[A-Za-z.]+\\.v[0-9]+)\"")]
    private static partial Regex Purpose();
}
