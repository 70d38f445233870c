using System.Security.Cryptography;
using System.Text;
using LiaisonPortal.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace LiaisonPortal.Core.Accounts;

/// <summary>
/// Identity's EF store, keeping the two-step secrets out of AspNetUserTokens in plain text: the authenticator key encrypted
/// with Data Protection (<see cref="AuthenticatorKeyPurpose"/>, base64url like the other stored ciphers, moved onto a new key
/// by rotate-keys), the recovery codes as one-way hashes (they are only ever compared). Identity's UserStoreBase reads and
/// writes both through GetTokenAsync/SetTokenAsync ("[AspNetUserStore]" / "AuthenticatorKey", "RecoveryCodes"), so these
/// two token names are handled there and every other token (the one-time authenticator's
/// "[LiaisonPortal]"/"AuthenticatorLastStep") is left as it is.
/// <para>
/// Rows written before are still read: a plain key is RFC 4648 base32 (A–Z, 2–7, as Identity makes it), which a Data
/// Protection payload never is (it starts with the magic header, "CfDJ8" in base64url, with a lower-case letter); a
/// recovery code list may mix hashed entries (<see cref="RecoveryCodeHashPrefix"/>) and plain ones (XXXXX-XXXXX). Each is
/// written the new way the next time it is written: the key when it is set again or by rotate-keys --reencrypt, plain
/// recovery codes when one of them is redeemed or new ones are made.
/// </para>
/// </summary>
public sealed class PortalUserStore(ApplicationDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<ApplicationUser, IdentityRole, ApplicationDbContext>(context, describer)
{
    /// <summary>The Data Protection purpose of a stored authenticator key.</summary>
    public const string AuthenticatorKeyPurpose = "LiaisonPortal.AuthenticatorKey.v1";

    /// <summary>Identity's own login provider name for the tokens its store keeps.</summary>
    public const string InternalLoginProvider = "[AspNetUserStore]";

    public const string AuthenticatorKeyName = "AuthenticatorKey";

    public const string RecoveryCodesName = "RecoveryCodes";

    /// <summary>The start of a hashed recovery code entry: PBKDF2-HMAC-SHA256, then the base64url hash.</summary>
    public const string RecoveryCodeHashPrefix = "pbkdf2:";

    /// <summary>
    /// A recovery code is ten characters of 26 (about 2⁴⁷): a plain SHA-256 of it falls to a GPU search in hours once the
    /// table is read, so it is stretched like a password, with the account's id as the salt. One hash per redemption
    /// attempt (the salt is the same for all ten), ten when new codes are made; a few milliseconds each.
    /// </summary>
    private const int RecoveryCodeIterations = 10_000;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private readonly IDataProtector keys = protection.CreateProtector(AuthenticatorKeyPurpose);

    /// <summary>Whether a stored authenticator key is a plain one of before (RFC 4648 base32, upper case, optional '=' padding) rather than a Data Protection payload.</summary>
    public static bool IsPlainAuthenticatorKey(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var key = stored.TrimEnd('=');
        return key.Length > 0 && key.All(c => Base32Alphabet.Contains(c, StringComparison.Ordinal));
    }

    public override async Task<string?> GetTokenAsync(ApplicationUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        if (!IsAuthenticatorKey(loginProvider, name) || string.IsNullOrEmpty(value) || IsPlainAuthenticatorKey(value))
        {
            return value;
        }

        // A key no key of the ring decrypts throws: answering "no key" would let the password alone sign in.
        return keys.Unprotect(value);
    }

    public override Task SetTokenAsync(ApplicationUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (IsAuthenticatorKey(loginProvider, name) && !string.IsNullOrEmpty(value))
        {
            if (!IsPlainAuthenticatorKey(value))
            {
                throw new ArgumentException("An authenticator key is RFC 4648 base32.", nameof(value));
            }

            value = keys.Protect(value);
        }
        else if (IsRecoveryCodes(loginProvider, name) && !string.IsNullOrEmpty(value))
        {
            value = string.Join(';', value.Split(';').Select(entry => IsHashedRecoveryCode(entry) ? entry : HashRecoveryCode(user.Id, entry)));
        }

        return base.SetTokenAsync(user, loginProvider, name, value, cancellationToken);
    }

    /// <summary>
    /// Redeems one code: compared with every entry (hashed, or plain from before), the one it matches removed and the rest
    /// written back (plain ones hashed on the way). Saved by UserManager with the account's concurrency stamp, as before.
    /// </summary>
    public override async Task<bool> RedeemCodeAsync(ApplicationUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(code);
        var given = NormalizeRecoveryCode(code);
        var stored = await base.GetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, cancellationToken);
        if (given.Length == 0 || string.IsNullOrEmpty(stored))
        {
            return false;
        }

        var entries = stored.Split(';');
        var hashed = Encoding.ASCII.GetBytes(HashRecoveryCode(user.Id, given));
        var plain = Encoding.ASCII.GetBytes(given);
        var match = -1;
        for (var i = 0; i < entries.Length; i++)
        {
            var isHashed = IsHashedRecoveryCode(entries[i]);
            var entry = isHashed ? entries[i] : NormalizeRecoveryCode(entries[i]);
            if (entry.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry), isHashed ? hashed : plain) && match < 0)
            {
                match = i;
            }
        }

        if (match < 0)
        {
            return false;
        }

        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, string.Join(';', entries.Where((_, i) => i != match)), cancellationToken);
        return true;
    }

    /// <summary>"pbkdf2:" and the base64url PBKDF2-HMAC-SHA256 of the code (upper case, no spaces or hyphens), salted with the account id.</summary>
    public static string HashRecoveryCode(string userId, string code)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var hash = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(NormalizeRecoveryCode(code)), Encoding.UTF8.GetBytes(userId), RecoveryCodeIterations, HashAlgorithmName.SHA256, 32);
        return RecoveryCodeHashPrefix + System.Buffers.Text.Base64Url.EncodeToString(hash);
    }

    public static bool IsHashedRecoveryCode(string entry) => entry.StartsWith(RecoveryCodeHashPrefix, StringComparison.Ordinal);

    private static string NormalizeRecoveryCode(string? code) => AccountSecurity.CleanCode(code).ToUpperInvariant();

    private static bool IsAuthenticatorKey(string loginProvider, string name) =>
        loginProvider == InternalLoginProvider && name == AuthenticatorKeyName;

    private static bool IsRecoveryCodes(string loginProvider, string name) =>
        loginProvider == InternalLoginProvider && name == RecoveryCodesName;
}
