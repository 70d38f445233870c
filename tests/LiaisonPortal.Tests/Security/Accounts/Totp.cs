using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace LiaisonPortal.Tests.Security.Accounts;

/// <summary>
/// RFC 6238 (TOTP: HMAC-SHA1, 30-second steps, 6 digits) over an RFC 4648 base32 key, written from the RFCs as an
/// authenticator app does, so the tests do not lean on Identity's own code.
/// </summary>
public static class Totp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Code(string base32Key, DateTimeOffset at)
    {
        var step = at.ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238's default, as authenticator apps use it
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    public static string Now(string base32Key) => Code(base32Key, DateTimeOffset.UtcNow);

    /// <summary>Last step <see cref="Next"/> handed out per key.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> Used = new(StringComparer.Ordinal);

    /// <summary>
    /// A code of a step not handed out before for this key, as an app shows a new code every 30 seconds: the portal takes
    /// each step once. Now's step, or the one after the last used; when that is more than one step ahead it waits.
    /// </summary>
    public static string Next(string base32Key)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var last = Used.GetOrAdd(base32Key, long.MinValue);
            var step = Math.Max(now, last + 1);
            if (step > now + 1)
            {
                Thread.Sleep(TimeSpan.FromSeconds(((now + 1) * 30) - DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
                continue;
            }

            if (Used.TryUpdate(base32Key, step, last))
            {
                return Code(base32Key, DateTimeOffset.FromUnixTimeSeconds(step * 30));
            }
        }
    }

    /// <summary>A 6-digit code that is not valid now nor in the neighbouring steps.</summary>
    public static string Wrong(string base32Key)
    {
        var near = Enumerable.Range(-3, 7).Select(i => Code(base32Key, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => (123456 + (i * 7919)).ToString("D6", CultureInfo.InvariantCulture)).First(c => !near.Contains(c));
    }

    public static byte[] Base32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = text.Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            Assert.True(value >= 0, $"'{c}' is not base32");
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

    /// <summary>The RFC 6238 appendix B vector (SHA-1, key "12345678901234567890", T = 59 s → 94287082, six digits 287082).</summary>
    public static void SelfCheck() =>
        Assert.Equal("287082", Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
}
