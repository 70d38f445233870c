using System.Security.Claims;
using LiaisonPortal.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Core.Auditing;

/// <summary>
/// Identity's sign-in manager, writing every sign-in attempt (web page and API token, password and second factor,
/// success and failure, with the account name tried, never the password) and every sign-out to the audit log.
/// Being the registered SignInManager, it covers every caller without each page remembering to log.
/// </summary>
public sealed class AuditedSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    AuditLog audit)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string EntityType = "Account";

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure);
        var user = await UserManager.FindByNameAsync(userName);
        await RecordAsync(user, userName, result, "password");
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null)
        {
            await RecordAsync(user, user.UserName ?? user.Id, result, "authenticator");
        }

        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null)
        {
            await RecordAsync(user, user.UserName ?? user.Id, result, "recovery-code");
        }

        return result;
    }

    public override async Task SignOutAsync()
    {
        var principal = Context.User;
        await base.SignOutAsync();
        if (principal.Identity?.IsAuthenticated == true && principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } id)
        {
            var user = await UserManager.FindByIdAsync(id);
            await audit.WriteForAsync(id, user?.DisplayName ?? principal.Identity.Name ?? id, AuditKind.SignOut, EntityType, user?.UserName ?? id, "SignedOut");
        }
    }

    private Task RecordAsync(ApplicationUser? user, string nameTried, SignInResult result, string factor)
    {
        (string Action, string? Reason) outcome = result switch
        {
            { Succeeded: true } => ("SignedIn", null),
            { RequiresTwoFactor: true } => ("SecondFactorAsked", null),
            { IsLockedOut: true } => ("SignInFailed", "LockedOut"),
            { IsNotAllowed: true } => ("SignInFailed", "NotAllowed"),
            _ when user is null => ("SignInFailed", "UnknownAccount"),
            _ => ("SignInFailed", factor == "password" ? "WrongPassword" : "WrongCode"),
        };
        var channel = AuthenticationScheme == IdentityConstants.BearerScheme ? "api" : "web";
        var name = nameTried.Trim();
        return audit.WriteForAsync(
            user?.Id, user is null ? name : user.DisplayName, AuditKind.SignIn, EntityType, name, outcome.Action, new { channel, factor, reason = outcome.Reason });
    }
}
