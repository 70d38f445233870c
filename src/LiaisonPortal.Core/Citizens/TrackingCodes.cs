using System.Security.Cryptography;

namespace LiaisonPortal.Core.Citizens;

/// <summary>
/// 查询码 and the secret for anonymous submissions: random, from an alphabet without look-alike characters
/// (no 0/O, 1/I/L), so they can be read out over the phone. A code has 10 characters: 31^10 ≈ 2^49.5.
/// </summary>
public static class TrackingCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int CodeLength = 10;
    public const int SecretLength = 6;

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, CodeLength);

    public static string NewSecret() => RandomNumberGenerator.GetString(Alphabet, SecretLength);

    /// <summary>The code as a citizen typed it, with spaces and dashes dropped and in upper case.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var chars = text.Trim().ToUpperInvariant()
            .Where(c => c is not (' ' or '-' or '－' or '　'));
        return new string(chars.ToArray());
    }

    /// <summary>Written in two groups of five for reading: K7M2Q-9XP4R.</summary>
    public static string Display(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == CodeLength ? string.Concat(code.AsSpan(0, 5), "-", code.AsSpan(5)) : code;
    }

    /// <summary>A secret against a PBKDF2 hash "salt:hash" as rows written before <see cref="QuerySecrets"/> hold it.</summary>
    public static bool VerifyHashedSecret(string? secret, string? stored)
    {
        var at = stored?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (string.IsNullOrEmpty(secret) || stored is null || at < 0)
        {
            return false;
        }

        var salt = Convert.FromBase64String(stored[..at]);
        var expected = Convert.FromBase64String(stored[(at + 1)..]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Normalize(secret), salt, 10_000, HashAlgorithmName.SHA256, 32);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
