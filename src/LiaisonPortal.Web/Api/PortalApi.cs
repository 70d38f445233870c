using System.Security.Claims;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Web.Api;

/// <summary>
/// Email and password are checked in <see cref="PortalApi"/>; a missing one is a validation problem. An account with
/// two-step verification also sends the authenticator's code (or one recovery code).
/// </summary>
public sealed record LoginRequest(string? Email, string? Password, string? TwoFactorCode = null, string? TwoFactorRecoveryCode = null);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record AccountResponse(string Email, string DisplayName, IReadOnlyList<string> Roles, string Scope, string ScopeName);

/// <summary>The JSON API under /api/v1: bearer tokens from Identity's bearer-token handler.</summary>
public static class PortalApi
{
    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithTags(ApiTags.Auth);
        var auth = api.MapGroup("/auth").RequireRateLimiting(PortalWeb.SignInRateLimit);
        auth.MapPost("/login", LoginAsync)
            .Describe("登录，换取令牌", "用工作人员账号的邮箱和密码换取令牌。开启了两步验证的账号同时提交 twoFactorCode（验证器的 6 位数字）或 twoFactorRecoveryCode（缺少时答复 401，title 为 RequiresTwoFactor）。连续 5 次密码或验证码错误，账号锁定 15 分钟（答复 401，title 为 LockedOut）。")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/refresh", RefreshAsync)
            .Describe("刷新令牌", "用登录答复中的 refreshToken 换取新的令牌；账号被锁定、停用或改过密码后刷新令牌失效。")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/me", Me).RequireAuthorization(AreaPolicies.Api)
            .Describe("当前账号", "令牌所属账号的邮箱、姓名、角色和管理范围。");
        return routes;
    }

    /// <summary>Answers {"tokenType","accessToken","expiresIn","refreshToken"}; five wrong passwords lock the account.</summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> LoginAsync(
        LoginRequest request, SignInManager<ApplicationUser> signIn, IStringLocalizer<SharedResource> localizer)
    {
        // PostgreSQL cannot compare text with U+0000 in it; no account's email has one.
        var email = request.Email?.Replace("\0", string.Empty, StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["email"] = string.IsNullOrWhiteSpace(email) ? [localizer["请填写登录邮箱。"]] : [],
                ["password"] = string.IsNullOrEmpty(request.Password) ? [localizer["请填写密码。"]] : [],
            }.Where(e => e.Value.Length > 0).ToDictionary());
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(email.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            if (!string.IsNullOrWhiteSpace(request.TwoFactorCode))
            {
                result = await signIn.TwoFactorAuthenticatorSignInAsync(AccountSecurity.CleanCode(request.TwoFactorCode), isPersistent: false, rememberClient: false);
            }
            else if (!string.IsNullOrWhiteSpace(request.TwoFactorRecoveryCode))
            {
                result = await RecoveryCodeSignInAsync(signIn, AccountSecurity.CleanRecoveryCode(request.TwoFactorRecoveryCode));
            }
            else
            {
                return TypedResults.Problem(localizer["此账户已开启两步验证：请连同密码发送 twoFactorCode（验证器上的 6 位数字）或 twoFactorRecoveryCode（恢复码）。"],
                    statusCode: StatusCodes.Status401Unauthorized, title: "RequiresTwoFactor");
            }
        }

        if (result.Succeeded)
        {
            // The bearer-token handler has written the token response.
            return TypedResults.Empty;
        }

        return result.IsLockedOut
            ? TypedResults.Problem(localizer["该账户因多次输错密码已被锁定，请 15 分钟后再试。"], statusCode: StatusCodes.Status401Unauthorized, title: "LockedOut")
            : TypedResults.Problem(localizer["邮箱或密码不正确。"], statusCode: StatusCodes.Status401Unauthorized, title: "Failed");
    }

    /// <summary>A recovery code, counted like a wrong password when it is wrong (Identity does not count them).</summary>
    private static async Task<Microsoft.AspNetCore.Identity.SignInResult> RecoveryCodeSignInAsync(SignInManager<ApplicationUser> signIn, string code)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (!result.Succeeded)
        {
            await signIn.UserManager.AccessFailedAsync(user);
            return await signIn.UserManager.IsLockedOutAsync(user) ? Microsoft.AspNetCore.Identity.SignInResult.LockedOut : result;
        }

        return result;
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<ApplicationUser> signIn, IOptionsMonitor<BearerTokenOptions> options, TimeProvider time,
        IStringLocalizer<SharedResource> localizer)
    {
        var protector = options.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
            || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return TypedResults.Problem(localizer["刷新令牌无效或已过期，请重新登录。"], statusCode: StatusCodes.Status401Unauthorized);
        }

        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static AccountResponse Me(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? string.Empty,
        user.FindFirstValue(PortalClaimsPrincipalFactory.DisplayNameClaim) ?? string.Empty,
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
        user.FindFirstValue(PortalClaimsPrincipalFactory.ScopeClaim) ?? string.Empty,
        user.FindFirstValue(PortalClaimsPrincipalFactory.ScopeNameClaim) ?? string.Empty);
}
