using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LiaisonPortal.Core.Partners;

/// <summary>
/// The webhook signature: <c>sha256=</c> + the lower-case hex HMAC-SHA256, keyed with the partner's signing secret (its
/// UTF-8 bytes, "whsec_…" included), of <c>timestamp + "." + body</c>, where timestamp is the X-Liaison-Timestamp header
/// (unix seconds) and body the request body's exact bytes. A receiver checks it in constant time and refuses stale
/// timestamps, so a captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "X-Liaison-Event-Id";
    public const string TimestampHeader = "X-Liaison-Timestamp";
    public const string SignatureHeader = "X-Liaison-Signature";
    public const string Scheme = "sha256=";

    /// <summary>How far a timestamp may be from the receiver's clock by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The X-Liaison-Signature value for a body sent at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string Compute(string secret, long timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// True when <paramref name="signature"/> is the signature of <paramref name="body"/> at <paramref name="timestamp"/>
    /// (the headers as received) and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? timestamp, string body, string? signature, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if ((now - sentAt).Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.Trim()));
    }
}
