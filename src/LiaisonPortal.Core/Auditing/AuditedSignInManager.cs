using System.Security.Claims;
using LiaisonPortal.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Core.Auditing;

/// <summary>
/// Identity's sign-in manager, writing every sign-in attempt (web page and API token, password and second factor,
/// success and failure, with the account name tried, never the password) and every sign-out to the audit log.
/// Being the registered SignInManager, it covers every caller without each page remembering to log.
/// <para>
/// Each attempt holds the account's row lock (SELECT … FOR UPDATE) from reading the account to saving its failed-attempt
/// count: Identity counts failures with an optimistic save, so guesses sent in parallel read the same count and all but
/// one of their saves failed unnoticed — eight parallel wrong passwords left the account unlocked. Attempts at one
/// account now take turns; attempts at different accounts do not wait for each other.
/// </para>
/// </summary>
public sealed class AuditedSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    AuditLog audit,
    Data.ApplicationDbContext db)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string EntityType = "Account";

    public override Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure) =>
        OneAtATimeAsync(null, userName, async () =>
        {
            var result = await base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure);
            var user = await UserManager.FindByNameAsync(userName);
            await RecordAsync(user, userName, result, "password");
            return result;
        });

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient) =>
        await OneAtATimeAsync(await TwoFactorUserIdAsync(), null, async () =>
        {
            var user = await GetTwoFactorAuthenticationUserAsync();
            var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
            if (user is not null)
            {
                await RecordAsync(user, user.UserName ?? user.Id, result, "authenticator");
            }

            return result;
        });

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode) =>
        await OneAtATimeAsync(await TwoFactorUserIdAsync(), null, async () =>
        {
            var user = await GetTwoFactorAuthenticationUserAsync();
            var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
            if (user is not null)
            {
                await RecordAsync(user, user.UserName ?? user.Id, result, "recovery-code");
            }

            return result;
        });

    /// <summary>
    /// Runs one attempt holding the account's row lock, with the account read again after the lock (a page may have
    /// loaded it before). An unknown name locks nothing and is answered as before.
    /// </summary>
    private async Task<SignInResult> OneAtATimeAsync(string? userId, string? userName, Func<Task<SignInResult>> attempt)
    {
        if (db.Database.CurrentTransaction is not null || (userId is null && userName is null))
        {
            return await attempt();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var normalized = userName is null ? null : UserManager.NormalizeName(userName);
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "AspNetUsers" WHERE "Id" = {userId} OR "NormalizedUserName" = {normalized} FOR UPDATE""");
        foreach (var tracked in db.ChangeTracker.Entries<ApplicationUser>().ToList())
        {
            await tracked.ReloadAsync();
        }

        var result = await attempt();
        await transaction.CommitAsync();
        return result;
    }

    /// <summary>The account id in the cookie of a sign-in waiting for its second step, without loading the account.</summary>
    private async Task<string?> TwoFactorUserIdAsync()
    {
        var waiting = await Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return waiting.Principal?.FindFirstValue(ClaimTypes.Name);
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
