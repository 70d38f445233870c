using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Accounts;

/// <summary>
/// The authenticator app's codes (TOTP, RFC 6238: HMAC-SHA1, 30-second steps, six digits), each accepted once. Identity's
/// own provider accepts a code from two steps either side of now (the phone's clock may be off) and accepts it again as
/// often as it is sent within those 2½ minutes, so a code read over a shoulder or from a proxy's log signs in a second
/// time. This one takes the same window but remembers the last step it accepted for the account (an Identity token row,
/// saved with the account's concurrency stamp) and refuses that step and every earlier one: of two requests with one code
/// at the same moment, the second's save fails and it is refused.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(Data.ApplicationDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string ProviderName = "OneTimeAuthenticator";

    /// <summary>The token row (login provider, name) that keeps the last accepted step and which key it was of.</summary>
    public const string StoreName = "[LiaisonPortal]";

    public const string LastStepName = "AuthenticatorLastStep";

    private const int Window = 2;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Codes come from the app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user) => Task.FromResult(string.Empty);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (token is not { Length: 6 } || !token.All(char.IsAsciiDigit)
            || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key
            || Base32(key) is not { Length: > 0 } secret)
        {
            return false;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds() / 30;
        long? matched = null;
        for (var step = now - Window; step <= now + Window; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                matched = step;
            }
        }

        if (matched is not { } accepted)
        {
            return false;
        }

        // "step:key fingerprint": a new key (set up again after a reset) starts afresh.
        var fingerprint = Convert.ToHexString(SHA256.HashData(secret), 0, 8);
        var last = (await manager.GetAuthenticationTokenAsync(user, StoreName, LastStepName))?.Split(':');
        if (last is [var lastText, var lastKey] && lastKey == fingerprint
            && long.TryParse(lastText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lastStep) && accepted <= lastStep)
        {
            return false;
        }

        bool saved;
        try
        {
            // Saved with the account's concurrency stamp: a second request that read the same stamp fails here.
            saved = (await manager.SetAuthenticationTokenAsync(user, StoreName, LastStepName, string.Create(CultureInfo.InvariantCulture, $"{accepted}:{fingerprint}"))).Succeeded;
        }
        catch (DbUpdateException)
        {
            // Both requests inserted the first token row at once: the key refused the second.
            saved = false;
        }

        if (!saved)
        {
            // What the refused save left pending must not ride along with the failed attempt's count and the audit entry.
            await db.DiscardUnsavedAsync();
        }

        return saved;
    }

    private static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238's HMAC-SHA1: what every authenticator app computes
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32, as Identity writes the key; empty when the text is not base32.</summary>
    private static byte[] Base32(string text)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return [];
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
