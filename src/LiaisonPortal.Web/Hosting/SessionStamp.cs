using System.Security.Claims;
using LiaisonPortal.Core.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// Every signed-in request, by cookie or by bearer token, is checked against the account's current security stamp (one
/// lookup by primary key). Signing out and changing the password renew the stamp, so every cookie and token issued
/// before, copies included, ends at once and on every instance. Identity's own validator looks only every 30 minutes
/// (it still rebuilds the claims then).
/// </summary>
public static class SessionStamp
{
    public static async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(services);
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var id = principal.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
        if (id is null || stamp is null)
        {
            return false;
        }

        var current = await services.GetRequiredService<UserManager<ApplicationUser>>().Users
            .Where(u => u.Id == id)
            .Select(u => u.SecurityStamp)
            .FirstOrDefaultAsync(cancellationToken);
        return current is not null && string.Equals(current, stamp, StringComparison.Ordinal);
    }
}

/// <summary>The API's bearer tokens carry the stamp they were issued with; a token older than the current stamp is refused (401).</summary>
public sealed class CurrentSecurityStampRequirement : AuthorizationHandler<CurrentSecurityStampRequirement>, IAuthorizationRequirement
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CurrentSecurityStampRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Resource is HttpContext http && await SessionStamp.IsCurrentAsync(context.User, http.RequestServices, http.RequestAborted))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>A token refused only for its outdated stamp is no sign-in at all: 401 (sign in again), not 403.</summary>
public sealed class StaleTokenChallenge : Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler
{
    private readonly Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler _fallback = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<CurrentSecurityStampRequirement>().Any() == true)
        {
            authorizeResult = Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult.Challenge();
        }

        return _fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
