using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Paging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Accounts;

/// <summary>One account in the administrators' list.</summary>
public sealed record AccountRow(
    string Id, string Email, string DisplayName, string? Role, ScopeKind ScopeKind, int? ScopeId,
    bool TwoFactorEnabled, bool MustChangePassword, DateTimeOffset? LockoutEnd, DateTimeOffset CreatedAt)
{
    public StaffScope Scope => ScopeKind == ScopeKind.Everything ? StaffScope.Everything : new StaffScope(ScopeKind, ScopeId);

    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
}

/// <summary>An account opened on the admin pages: the password is the initial one, to be changed at the first sign-in.</summary>
public sealed record NewAccountInput(string Email, string? DisplayName, string Role, string? ScopeCode, string Password);

/// <summary>
/// What the two-step page shows while the authenticator is not confirmed yet.
/// </summary>
public sealed record AuthenticatorSetup(string SharedKey, string OtpAuthUri);

/// <summary>
/// Account security beyond signing in: changing one's own password (and the forced change of an initial one), the
/// authenticator (TOTP) two-step sign-in and its recovery codes, and what administrators do to other accounts (open one
/// with an initial password, reset a password, turn off someone's two-step sign-in, unlock). Administrators' actions go
/// into the change log (AuditEntry) in the same transaction as the change.
/// </summary>
public sealed class AccountSecurity(
    ApplicationDbContext db, UserManager<ApplicationUser> users, StaffAccounts accounts, AuditLog audit)
{
    public const string Issuer = "LiaisonPortal";
    public const int RecoveryCodeCount = 10;
    private const string Changed = "（已修改）";

    /// <summary>The Chinese message for one of Identity's or the password policy's refusals.</summary>
    public static string Describe(IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordTooShort) => string.Create(CultureInfo.InvariantCulture, $"密码至少需要 {PasswordPolicy.MinimumLength} 个字符。"),
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "密码中不同的字符太少，请至少使用 4 个不同的字符。",
            "PasswordTooFewClasses" => "密码需包含小写字母、大写字母、数字、符号（含汉字）中的至少三类。",
            "PasswordTooCommon" => "这个密码太常见、容易被猜到，请换一个。",
            "PasswordContainsEmail" => "密码不能包含邮箱地址或邮箱 @ 前面的名字。",
            nameof(IdentityErrorDescriber.PasswordMismatch) => "当前密码不正确。",
            nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => "这个邮箱已经有账号了。",
            nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => "邮箱格式不正确。",
            _ => error.Description,
        };
    }

    /// <summary>Whether the code is about the email (the field it belongs next to) rather than the password.</summary>
    private static bool IsAboutEmail(IdentityError error) =>
        error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)
            or nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName);

    /// <summary>
    /// Changes the signed-in account's own password and ends a forced change. The new password must follow the policy and
    /// differ from the current one. Fields: CurrentPassword, NewPassword.
    /// </summary>
    public async Task<EditResult> ChangePasswordAsync(ApplicationUser user, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(currentPassword);
        ArgumentNullException.ThrowIfNull(newPassword);
        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            return EditResult.Invalid("CurrentPassword", "当前密码不正确。");
        }

        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal) || await users.CheckPasswordAsync(user, newPassword))
        {
            return EditResult.Invalid("NewPassword", "新密码不能与原密码相同。");
        }

        var wasForced = user.MustChangePassword;
        user.MustChangePassword = false;
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            user.MustChangePassword = wasForced;
            return EditResult.Invalid(result.Errors.Select(e => new FieldError(e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "CurrentPassword" : "NewPassword", Describe(e))).ToList());
        }

        return EditResult.Done();
    }

    // ----- The authenticator (TOTP) -----

    /// <summary>The key to enter into an authenticator app, made on first use; and the otpauth:// URI its QR code carries.</summary>
    public async Task<AuthenticatorSetup> AuthenticatorSetupAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Stored as Identity's store keeps it, but without ResetAuthenticatorKeyAsync's new security stamp: a key not
            // yet confirmed changes nothing about the sign-in, and a new stamp ended the session the set-up page was
            // being shown in whenever the QR image's request raced the page's refreshed cookie (seen in the browser
            // test under load: the image answered a redirect to sign-in).
            key = users.GenerateNewAuthenticatorKey();
            var stored = await users.SetAuthenticationTokenAsync(user, PortalUserStore.InternalLoginProvider, PortalUserStore.AuthenticatorKeyName, key);
            if (!stored.Succeeded)
            {
                throw new InvalidOperationException("The authenticator key could not be stored: " + string.Join("; ", stored.Errors.Select(e => e.Code)));
            }
        }

        return new AuthenticatorSetup(key, OtpAuthUri(user.Email ?? user.UserName ?? string.Empty, key));
    }

    public static string OtpAuthUri(string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The key in groups of four for reading aloud or typing.</summary>
    public static string Grouped(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
    }

    /// <summary>
    /// Turns two-step sign-in on when <paramref name="code"/> is the app's current code, and returns the ten recovery codes
    /// (shown once: only their hashes are kept). Field: Code.
    /// </summary>
    public async Task<(EditResult Result, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(ApplicationUser user, string? code)
    {
        ArgumentNullException.ThrowIfNull(user);
        var cleaned = CleanCode(code);
        if (cleaned.Length != 6 || !cleaned.All(char.IsAsciiDigit))
        {
            return (EditResult.Invalid("Code", "请输入验证器应用显示的 6 位数字。"), []);
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return (EditResult.Conflict("两步验证已经开启。"), []);
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, cleaned))
        {
            return (EditResult.Invalid("Code", "验证码不正确：请确认手机时间准确，并输入应用当前显示的 6 位数字。"), []);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        return (EditResult.Done(), codes);
    }

    /// <summary>New recovery codes replace every old one; returned once.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return [];
        }

        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
    }

    /// <summary>Turns two-step sign-in off and forgets the key and recovery codes: a new key is made when it is turned on again.</summary>
    public async Task DisableTwoFactorAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.ResetAuthenticatorKeyAsync(user);
    }

    /// <summary>Spaces and hyphens removed, as people type codes read from a phone or a printout.</summary>
    public static string CleanCode(string? code) =>
        new((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    /// <summary>
    /// A recovery code as Identity stores it (XXXXX-XXXXX, upper case), from what was typed: any case, spaces, with or
    /// without the hyphen.
    /// </summary>
    public static string CleanRecoveryCode(string? code)
    {
        var plain = CleanCode(code).ToUpperInvariant();
        return plain.Length == 10 ? plain[..5] + "-" + plain[5..] : plain;
    }

    // ----- Administrators -----

    public async Task<Page<AccountRow>> ListAsync(string? text, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var accounts = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            accounts = accounts.Where(u => EF.Functions.ILike(u.Email!, pattern) || EF.Functions.ILike(u.DisplayName, pattern));
        }

        return await Rows(accounts.OrderBy(u => u.Email)).ToPageAsync(page, cancellationToken);
    }

    public Task<AccountRow?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Rows(db.Users.AsNoTracking().Where(u => u.Id == id)).SingleOrDefaultAsync(cancellationToken);

    private IQueryable<AccountRow> Rows(IQueryable<ApplicationUser> accounts) =>
        accounts.Select(u => new AccountRow(
            u.Id, u.Email ?? u.UserName ?? string.Empty, u.DisplayName,
            (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
            u.ScopeKind, u.RegionId ?? u.StationId ?? u.HandlingUnitId ?? u.DeputyId,
            u.TwoFactorEnabled, u.MustChangePassword, u.LockoutEnd, u.CreatedAt));

    /// <summary>
    /// Opens an account with an initial password the person must change at the first sign-in. Fields: Email, Role,
    /// ScopeCode, Password, DisplayName.
    /// </summary>
    public async Task<(EditResult Result, string? UserId)> CreateAsync(NewAccountInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var email = (input.Email ?? string.Empty).Trim();
        var role = Roles.Normalize(input.Role);
        var code = string.IsNullOrWhiteSpace(input.ScopeCode) ? null : input.ScopeCode.Trim();
        if (role is null)
        {
            errors.Add(new FieldError("Role", "请选择角色。"));
        }
        else if (code is null && role != Roles.Admin)
        {
            errors.Add(new FieldError("ScopeCode", "这个角色需要填写管理范围代码。"));
        }
        else if (code is not null && !await ScopeExistsAsync(Roles.ScopeKindOf(role), code, cancellationToken))
        {
            errors.Add(new FieldError("ScopeCode", ScopeKindName(Roles.ScopeKindOf(role)) + "代码“" + code + "”不存在。"));
        }

        if (input.DisplayName is { Length: > ApplicationUser.DisplayNameMaxLength })
        {
            errors.Add(new FieldError("DisplayName", string.Create(CultureInfo.InvariantCulture, $"姓名不能超过 {ApplicationUser.DisplayNameMaxLength} 个字符。")));
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            errors.Add(new FieldError("Email", "这个邮箱已经有账号了。"));
        }

        errors.AddRange(await PasswordErrorsAsync(new ApplicationUser { Email = email, UserName = email }, input.Password, "Password"));
        if (errors.Count > 0)
        {
            return (EditResult.Invalid(errors), null);
        }

        var kind = Roles.ScopeKindOf(role!);
        var created = await accounts.CreateAsync(new NewStaffAccount(
            email, input.Password, role!,
            RegionCode: kind == ScopeKind.Region ? code : null,
            StationCode: kind == ScopeKind.Station ? code : null,
            UnitCode: kind == ScopeKind.Unit ? code : null,
            DeputyCode: kind == ScopeKind.Deputy ? code : null,
            DisplayName: input.DisplayName,
            MustChangePassword: true), cancellationToken);
        if (!created.Succeeded)
        {
            return (EditResult.Invalid(created.Errors.Select(e => new FieldError(string.Empty, e)).ToList()), null);
        }

        await AuditAsync(email, "Added", new()
        {
            ["Role"] = [null, role],
            ["Scope"] = [null, code ?? "全部"],
            ["PasswordHash"] = [null, Changed],
            ["MustChangePassword"] = [null, true],
        }, cancellationToken);
        return (EditResult.Done(), created.User!.Id);
    }

    /// <summary>Sets a new initial password (to be changed at the next sign-in), ends a lockout and every session. Field: Password.</summary>
    public async Task<EditResult> ResetPasswordAsync(string userId, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return EditResult.NotFound;
        }

        var errors = await PasswordErrorsAsync(user, password, "Password");
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var wasForced = user.MustChangePassword;
        user.MustChangePassword = true;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return EditResult.Invalid(reset.Errors.Select(e => new FieldError("Password", Describe(e))).ToList());
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AuditAsync(user.Email!, "Modified", new()
        {
            ["PasswordHash"] = [Changed, Changed],
            ["MustChangePassword"] = [wasForced, true],
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done();
    }

    /// <summary>Turns off someone's two-step sign-in (a lost phone and lost recovery codes); they may set it up again.</summary>
    public async Task<EditResult> ResetTwoFactorAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return EditResult.NotFound;
        }

        var wasOn = user.TwoFactorEnabled;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await DisableTwoFactorAsync(user);
        await AuditAsync(user.Email!, "Modified", new()
        {
            ["TwoFactorEnabled"] = [wasOn, false],
            ["AuthenticatorKey"] = [Changed, Changed],
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done();
    }

    /// <summary>Ends a lockout before its fifteen minutes are up.</summary>
    public async Task<EditResult> UnlockAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return EditResult.NotFound;
        }

        var was = user.LockoutEnd;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AuditAsync(user.Email!, "Modified", new() { ["LockoutEnd"] = [was, null] }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EditResult.Done();
    }

    private async Task<List<FieldError>> PasswordErrorsAsync(ApplicationUser user, string? password, string field)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(new FieldError(field, "请填写密码。"));
            return errors;
        }

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors.Where(e => !IsAboutEmail(e)).Select(e => new FieldError(field, Describe(e))));
        }

        return errors;
    }

    private async Task<bool> ScopeExistsAsync(ScopeKind kind, string code, CancellationToken cancellationToken) => kind switch
    {
        ScopeKind.Region => await db.Regions.AnyAsync(r => r.Code == code, cancellationToken),
        ScopeKind.Station => await db.Stations.AnyAsync(s => s.Code == code, cancellationToken),
        ScopeKind.Unit => await db.HandlingUnits.AnyAsync(u => u.Code == code, cancellationToken),
        ScopeKind.Deputy => await db.Deputies.AnyAsync(d => d.Code == code, cancellationToken),
        _ => false,
    };

    public static string ScopeKindName(ScopeKind kind) => kind switch
    {
        ScopeKind.Region => "行政区",
        ScopeKind.Station => "联络站",
        ScopeKind.Unit => "承办单位",
        ScopeKind.Deputy => "代表",
        _ => "全部",
    };

    private async Task AuditAsync(string email, string action, Dictionary<string, object?[]> changes, CancellationToken cancellationToken)
    {
        await audit.WriteAsync(AuditKind.Account, nameof(ApplicationUser), email, action,
            new SortedDictionary<string, object?[]>(changes, StringComparer.Ordinal), cancellationToken);
    }
}
