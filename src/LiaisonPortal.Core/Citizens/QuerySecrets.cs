using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace LiaisonPortal.Core.Citizens;

/// <summary>
/// The query secret (查询密码) an anonymous citizen proves a tracking code with: kept encrypted with Data Protection, as the
/// phone number whose last four digits are the other proof, and compared in constant time.
/// <para>
/// It used to be hashed with PBKDF2 (10,000 rounds). The secret is six characters the server draws at random (31⁶ ≈ 2³⁰),
/// so a hash of it, slow or not, falls to an offline search in minutes once the table is read; what keeps it is that the
/// table's rows cannot be read, which is also what keeps the phone numbers. The hash cost 3 ms of CPU on every anonymous
/// submission and every lookup (a third of a submission's time at load). Rows written before keep their hash, and
/// <see cref="Matches"/> still checks it.
/// </para>
/// </summary>
public sealed class QuerySecrets(IDataProtectionProvider provider)
{
    /// <summary>The Data Protection purpose of an encrypted query secret (Opinions.SecretHash without a colon).</summary>
    public const string Purpose = "LiaisonPortal.QuerySecret.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Protect(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return protector.Protect(TrackingCodes.Normalize(secret));
    }

    /// <summary>Whether the secret given is the one stored (encrypted, or an older PBKDF2 hash "salt:hash").</summary>
    public bool Matches(string? given, string? stored)
    {
        var secret = TrackingCodes.Normalize(given);
        if (secret.Length == 0 || string.IsNullOrEmpty(stored))
        {
            return false;
        }

        if (stored.Contains(':', StringComparison.Ordinal))
        {
            return TrackingCodes.VerifyHashedSecret(secret, stored);
        }

        string kept;
        try
        {
            kept = protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(kept), Encoding.UTF8.GetBytes(secret));
    }
}
