using System.Security.Claims;
using LiaisonPortal.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Puts the account's display name and scope into the sign-in, so every page can show them without a query.</summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, ScopeDirectory scopes)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "liaison:display_name";
    public const string ScopeClaim = "liaison:scope";
    public const string ScopeNameClaim = "liaison:scope_name";

    /// <summary>Present while the account still has an initial password: <see cref="InitialPasswordGate"/> lets it do nothing else.</summary>
    public const string MustChangePasswordClaim = "liaison:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(ScopeClaim, $"{user.ScopeKind}:{user.Scope.Id}"));
        identity.AddClaim(new Claim(ScopeNameClaim, await scopes.DescribeAsync(user.Scope)));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }

        return identity;
    }
}
