using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;

namespace LiaisonPortal.Core.Citizens;

/// <summary>
/// A citizen's mobile number: checked in the mainland format, stored encrypted with Data Protection (keys in the
/// database) and shown masked (138****5678) to everyone but the staff who must call back.
/// </summary>
public sealed partial class CitizenPhones(IDataProtectionProvider provider)
{
    /// <summary>The Data Protection purpose of every stored phone number (opinions and appointments).</summary>
    public const string Purpose = "LiaisonPortal.CitizenPhone.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    /// <summary>The number in its 11-digit form, or null when the text is not a mainland mobile number.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var digits = Separators().Replace(text.Trim(), string.Empty);
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }

        return MainlandMobile().IsMatch(digits) ? digits : null;
    }

    public static string Mask(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return phone.Length == 11 ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7)) : "****";
    }

    public string Protect(string phone) => protector.Protect(phone);

    public string Unprotect(string cipher) => protector.Unprotect(cipher);

    /// <summary>The masked form of a stored number; "—" when there is none (none given, or removed by the retention job).</summary>
    public string Masked(string? cipher) => string.IsNullOrEmpty(cipher) ? "—" : Mask(Unprotect(cipher));

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MainlandMobile();

    [GeneratedRegex("[\\s\\-()（）]")]
    private static partial Regex Separators();
}
