using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace LiaisonPortal.Core.Accounts;

/// <summary>Password rules beyond Identity's length check: three character classes, and not a common password.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int RequiredClasses = 3;

    public static int CharacterClasses(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var classes = 0;
        classes += password.Any(char.IsLower) ? 1 : 0;
        classes += password.Any(char.IsUpper) ? 1 : 0;
        classes += password.Any(char.IsDigit) ? 1 : 0;
        // Symbols, and letters without case such as Chinese characters.
        classes += password.Any(c => !char.IsLower(c) && !char.IsUpper(c) && !char.IsDigit(c)) ? 1 : 0;
        return classes;
    }
}

public sealed class CharacterClassesPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(PasswordPolicy.CharacterClasses(password ?? string.Empty) >= PasswordPolicy.RequiredClasses
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooFewClasses",
                Description = "Passwords must use at least three of: lower-case letters, upper-case letters, digits, symbols or other characters.",
            }));
}

/// <summary>
/// Refuses passwords on the common-password list, also when only decorated: "Password123!" and "P@ssw0rd2026" are
/// "password" with digits and symbols around it or letters swapped for look-alikes.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<ApplicationUser>
{
    private static readonly Lazy<HashSet<string>> CommonPasswords = new(Load);

    public static bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var lower = password.ToLowerInvariant();
        var core = lower.Trim(TrimmedDecoration());
        var list = CommonPasswords.Value;
        return list.Contains(lower) || list.Contains(core) || list.Contains(Unleet(core)) || list.Contains(Unleet(lower).Trim(TrimmedDecoration()));
    }

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(IsCommon(password ?? string.Empty)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is too common or too easy to guess: choose another.",
            })
            : IdentityResult.Success);

    private static char[] TrimmedDecoration() => "0123456789!@#$%^&*()_+-=.,;:?~`'\"[]{}<>/\\| ".ToCharArray();

    private static string Unleet(string text) => new(text.Select(c => c switch
    {
        '@' or '4' => 'a',
        '0' => 'o',
        '1' or '!' => 'i',
        '3' => 'e',
        '$' or '5' => 's',
        '7' => 't',
        _ => c,
    }).ToArray());

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LiaisonPortal.Core.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set;
    }
}

/// <summary>
/// Refuses a password that contains the account's email address or its name part (before the @, when at least three
/// characters long), in any case: "Clerk@office.test" and "West-Office-2026!" for west-office@… are the first guesses.
/// </summary>
public sealed class EmailInPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public const int MinimumNameLength = 3;

    public static bool ContainsEmail(string password, string? email)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        var name = at > 0 ? email[..at] : email;
        return password.Contains(email.Trim(), StringComparison.OrdinalIgnoreCase)
            || (name.Length >= MinimumNameLength && password.Contains(name, StringComparison.OrdinalIgnoreCase));
    }

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(ContainsEmail(password ?? string.Empty, user.Email ?? user.UserName)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsEmail",
                Description = "The password must not contain the email address or its name part.",
            })
            : IdentityResult.Success);
    }
}
