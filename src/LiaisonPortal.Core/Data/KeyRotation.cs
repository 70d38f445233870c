using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Partners;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Data;

/// <summary>One column that keeps values encrypted with Data Protection, and the purpose they were protected for.</summary>
/// <param name="Legacy">A value that is not a Data Protection payload (an older format kept as it is), or null.</param>
public sealed record StoredCipher(Type Entity, string Property, string Purpose, Func<string, bool>? Legacy = null)
{
    public string Name => $"{Entity.Name}.{Property}";
}

/// <summary>
/// One kind of Identity token (AspNetUserTokens, keyed by UserId, LoginProvider and Name) whose value is a Data Protection
/// payload: one row per account at most, so they are moved in a pass of their own rather than as an integer-keyed column.
/// </summary>
/// <param name="Plain">A value kept from before it was encrypted: not an older key's, so it does not hold back revocation; --reencrypt encrypts it.</param>
public sealed record StoredTokenCipher(string LoginProvider, string TokenName, string Purpose, Func<string, bool> Plain)
{
    public string Name => $"AspNetUserTokens.{TokenName}";
}

/// <summary>What a rotation did to one column.</summary>
/// <param name="Encrypted">Values found unencrypted (from before they were encrypted) and, with --reencrypt, encrypted now.</param>
public sealed record CipherColumnReport(string Column, int Rewritten, int Current, int Unreadable, int Encrypted = 0);

/// <summary>What <see cref="KeyRotation.RotateAsync"/> did.</summary>
/// <param name="Refused">Why the old keys were not revoked, when revocation was asked for and not done.</param>
public sealed record KeyRotationReport(Guid NewKey, IReadOnlyList<CipherColumnReport> Columns, IReadOnlyList<Guid> Revoked, string? Refused);

/// <summary>
/// Rotates the Data Protection key ring kept in the database (<see cref="DatabaseXmlRepository"/>). A new key becomes the
/// default at once (Data Protection also makes one every 90 days by itself); older keys stay to read what they protected.
/// Re-encryption rewrites every stored value (<see cref="StoredCiphers"/>, and the Identity tokens of <see cref="StoredTokens"/>)
/// that an older key protects with the new one, in batches, each row only if it still holds the value read. Revocation of the older keys — after a suspected leak — is done
/// only when no stored value needs them any more, because a revoked key cannot decrypt: it signs everyone out (cookies,
/// tokens and forms were protected with the old keys) and must run with every instance stopped, since a running instance
/// keeps protecting with the key ring it read (up to 24 hours).
/// </summary>
public sealed class KeyRotation(IKeyManager keys, IDataProtectionProvider provider, ApplicationDbContext db, AuditLog audit, TimeProvider time)
{
    private const int BatchSize = 1000;

    /// <summary>Every column holding Data Protection payloads. Values protected per request (forms, cookies, tokens) live only hours and are not here.</summary>
    public static readonly IReadOnlyList<StoredCipher> StoredCiphers =
    [
        new(typeof(Opinion), nameof(Opinion.PhoneCipher), CitizenPhones.Purpose),
        new(typeof(Opinion), nameof(Opinion.SecretHash), QuerySecrets.Purpose, Legacy: value => value.Contains(':', StringComparison.Ordinal)),
        new(typeof(Appointment), nameof(Appointment.PhoneCipher), CitizenPhones.Purpose),
        new(typeof(OutboxMessage), nameof(OutboxMessage.RecipientCipher), Outbox.RecipientPurpose),
        new(typeof(PartnerSystem), nameof(PartnerSystem.WebhookSecretCipher), PartnerSystems.WebhookSecretPurpose),
    ];

    /// <summary>Every Identity token kept as a Data Protection payload: the two-step authenticator key (<see cref="PortalUserStore"/>).</summary>
    public static readonly IReadOnlyList<StoredTokenCipher> StoredTokens =
    [
        new(PortalUserStore.InternalLoginProvider, PortalUserStore.AuthenticatorKeyName, PortalUserStore.AuthenticatorKeyPurpose, PortalUserStore.IsPlainAuthenticatorKey),
    ];

    /// <summary>Every purpose whose payloads are kept in the database, and so moved by a rotation.</summary>
    public static IEnumerable<string> StoredPurposes => StoredCiphers.Select(c => c.Purpose).Concat(StoredTokens.Select(t => t.Purpose));

    /// <summary>Makes a new default key; with <paramref name="reencrypt"/> moves every stored value onto it; with <paramref name="revokeOld"/> then revokes the others.</summary>
    public async Task<KeyRotationReport> RotateAsync(bool reencrypt, bool revokeOld, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var key = keys.CreateNewKey(now, now.AddDays(90));
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"New key {key.KeyId} is the default from {now:u}."));
        var columns = new List<CipherColumnReport>();
        if (reencrypt || revokeOld)
        {
            foreach (var cipher in StoredCiphers)
            {
                columns.Add(await MoveColumnAsync(cipher, write: reencrypt, progress, cancellationToken));
            }

            foreach (var token in StoredTokens)
            {
                columns.Add(await MoveTokensAsync(token, write: reencrypt, progress, cancellationToken));
            }
        }

        string? refused = null;
        var revoked = new List<Guid>();
        if (revokeOld)
        {
            // Read again: rows written meanwhile by a running instance may have used an old key.
            var left = new List<CipherColumnReport>();
            foreach (var cipher in StoredCiphers)
            {
                left.Add(await MoveColumnAsync(cipher, write: false, progress: null, cancellationToken));
            }

            foreach (var token in StoredTokens)
            {
                left.Add(await MoveTokensAsync(token, write: false, progress: null, cancellationToken));
            }

            var needed = left.Sum(c => c.Rewritten);
            if (needed > 0)
            {
                refused = string.Create(CultureInfo.InvariantCulture, $"{needed} stored values still need an older key (run with --reencrypt, with every instance stopped); nothing was revoked.");
            }
            else
            {
                foreach (var old in keys.GetAllKeys().Where(k => k.KeyId != key.KeyId && !k.IsRevoked))
                {
                    keys.RevokeKey(old.KeyId, "rotate-keys --revoke-old");
                    revoked.Add(old.KeyId);
                }
            }
        }

        await audit.WriteAsync(AuditKind.Change, "DataProtectionKey", key.KeyId.ToString(), "rotate", new
        {
            rewritten = columns.Sum(c => c.Rewritten),
            encrypted = columns.Sum(c => c.Encrypted),
            unreadable = columns.Sum(c => c.Unreadable),
            revoked = revoked.Count,
        }, cancellationToken);
        return new KeyRotationReport(key.KeyId, columns, revoked, refused);
    }

    /// <summary>Reads one column in id order; a value an older key protects is counted and, with <paramref name="write"/>, protected again with the default key.</summary>
    private async Task<CipherColumnReport> MoveColumnAsync(StoredCipher cipher, bool write, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(cipher.Entity) ?? throw new InvalidOperationException($"{cipher.Entity.Name} is not in the model.");
        var table = entity.GetTableName()!;
        var column = entity.FindProperty(cipher.Property)!.GetColumnName();
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        var protector = (IPersistedDataProtector)provider.CreateProtector(cipher.Purpose);
        // Names from the EF model, never from input; the batch's values are parameters.
        var select = $$"""SELECT "{{key}}"::bigint AS "Id", "{{column}}" AS "Value" FROM "{{table}}" WHERE "{{key}}" > {0} AND "{{column}}" IS NOT NULL AND "{{column}}" <> '' ORDER BY "{{key}}" LIMIT {{BatchSize}}""";
        var update = $$"""
            UPDATE "{{table}}" AS t SET "{{column}}" = u.new_value
            FROM unnest(@ids, @old_values, @new_values) AS u(id, old_value, new_value)
            WHERE t."{{key}}" = u.id AND t."{{column}}" = u.old_value
            """;
        int rewritten = 0, current = 0, unreadable = 0;
        var after = 0L;
        while (true)
        {
            var rows = await db.Database.SqlQueryRaw<CipherRow>(select, after).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }

            var ids = new List<long>();
            var olds = new List<string>();
            var news = new List<string>();
            foreach (var row in rows)
            {
                switch (Classify(protector, cipher.Legacy, row.Value, out var plain))
                {
                    case Standing.Current:
                        current++;
                        break;
                    case Standing.Unreadable:
                        unreadable++;
                        break;
                    default:
                        rewritten++;
                        ids.Add(row.Id);
                        olds.Add(row.Value);
                        news.Add(Base64Url.EncodeToString(protector.Protect(plain!)));
                        break;
                }
            }

            if (write && ids.Count > 0)
            {
                await db.Database.ExecuteSqlRawAsync(
                    update,
                    [new NpgsqlParameter("ids", ids.ToArray()), new NpgsqlParameter("old_values", olds.ToArray()), new NpgsqlParameter("new_values", news.ToArray())],
                    cancellationToken);
            }

            after = rows[^1].Id;
        }

        if (write)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{cipher.Name}: {rewritten} re-encrypted, {current} already on the new key, {unreadable} unreadable."));
        }

        return new CipherColumnReport(cipher.Name, rewritten, current, unreadable);
    }

    /// <summary>
    /// The same for one kind of Identity token, read through EF (a handful of rows, one per account) and each written back
    /// only if it still holds the value read; a plain value from before is encrypted too (with <paramref name="write"/>).
    /// </summary>
    private async Task<CipherColumnReport> MoveTokensAsync(StoredTokenCipher token, bool write, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var protector = (IPersistedDataProtector)provider.CreateProtector(token.Purpose);
        var table = db.Model.FindEntityType(typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<string>))!.GetTableName()!;
        var update = $$"""UPDATE "{{table}}" SET "Value" = @new_value WHERE "UserId" = @user_id AND "LoginProvider" = @provider AND "Name" = @name AND "Value" = @old_value""";
        var rows = await db.UserTokens.AsNoTracking()
            .Where(t => t.LoginProvider == token.LoginProvider && t.Name == token.TokenName && t.Value != null && t.Value != string.Empty)
            .OrderBy(t => t.UserId)
            .Select(t => new { t.UserId, Value = t.Value! })
            .ToListAsync(cancellationToken);
        int rewritten = 0, current = 0, unreadable = 0, encrypted = 0;
        foreach (var row in rows)
        {
            byte[]? plain;
            if (token.Plain(row.Value))
            {
                encrypted++;
                plain = System.Text.Encoding.UTF8.GetBytes(row.Value);
            }
            else
            {
                switch (Classify(protector, legacy: null, row.Value, out plain))
                {
                    case Standing.Current:
                        current++;
                        continue;
                    case Standing.Unreadable:
                        unreadable++;
                        continue;
                    default:
                        rewritten++;
                        break;
                }
            }

            if (write)
            {
                await db.Database.ExecuteSqlRawAsync(
                    update,
                    [
                        new NpgsqlParameter("new_value", Base64Url.EncodeToString(protector.Protect(plain!))),
                        new NpgsqlParameter("user_id", row.UserId),
                        new NpgsqlParameter("provider", token.LoginProvider),
                        new NpgsqlParameter("name", token.TokenName),
                        new NpgsqlParameter("old_value", row.Value),
                    ],
                    cancellationToken);
            }
        }

        if (write)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{token.Name}: {rewritten} re-encrypted, {encrypted} encrypted (stored plain before), {current} already on the new key, {unreadable} unreadable."));
        }

        return new CipherColumnReport(token.Name, rewritten, current, unreadable, encrypted);
    }

    private enum Standing
    {
        Current,
        Old,
        Unreadable,
    }

    private static Standing Classify(IPersistedDataProtector protector, Func<string, bool>? legacy, string value, out byte[]? plain)
    {
        plain = null;
        if (legacy?.Invoke(value) == true)
        {
            return Standing.Current;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(value);
            plain = protector.DangerousUnprotect(bytes, ignoreRevocationErrors: false, out var requiresMigration, out _);
            return requiresMigration ? Standing.Old : Standing.Current;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return Standing.Unreadable;
        }
    }

    /// <summary>One stored value, as text (the string overloads of Protect write base64url).</summary>
    private sealed class CipherRow
    {
        public long Id { get; set; }

        public string Value { get; set; } = string.Empty;
    }
}
