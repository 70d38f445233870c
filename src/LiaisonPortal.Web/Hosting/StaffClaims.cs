using System.Globalization;
using System.Security.Claims;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Reads what <see cref="PortalClaimsPrincipalFactory"/> put into a staff member's sign-in.</summary>
public static class StaffClaims
{
    /// <summary>Each role's workspace, in the order a person with several roles lands.</summary>
    private static readonly (string Role, string Home, string Name)[] Workspaces =
    [
        (Roles.Admin, "/Admin", "系统管理员"),
        (Roles.CongressStaff, "/Office", "人大工作人员"),
        (Roles.StationStaff, "/Station", "联络站工作人员"),
        (Roles.UnitStaff, "/Unit", "承办单位"),
        (Roles.Deputy, "/Deputy", "人大代表"),
    ];

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? string.Empty;

    public static string ScopeName(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalClaimsPrincipalFactory.ScopeNameClaim) ?? string.Empty;

    /// <summary>The role's Chinese name: a localizer key.</summary>
    public static string RoleName(this ClaimsPrincipal user) =>
        Workspaces.FirstOrDefault(w => user.IsInRole(w.Role)).Name ?? string.Empty;

    public static string HomePath(this ClaimsPrincipal user) =>
        Workspaces.FirstOrDefault(w => user.IsInRole(w.Role)).Home ?? "/";

    /// <summary>The account's part in the opinion workflow (the first of its roles in workspace order).</summary>
    public static WorkflowActor WorkflowRole(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Core.Opinions.CaseActor.RoleOf(Workspaces.Select(w => w.Role).FirstOrDefault(user.IsInRole) ?? string.Empty);
    }

    /// <summary>The signed-in staff member as the workflow sees them: scope, part and name.</summary>
    public static CaseActor CaseActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new CaseActor(user.Scope(), user.WorkflowRole(), user.FindFirstValue(ClaimTypes.NameIdentifier), user.DisplayName());
    }

    public static StaffScope Scope(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirstValue(PortalClaimsPrincipalFactory.ScopeClaim) ?? string.Empty;
        var parts = value.Split(':');
        return parts.Length == 2 && Enum.TryParse<ScopeKind>(parts[0], out var kind)
            ? kind == ScopeKind.Everything
                ? StaffScope.Everything
                : new StaffScope(kind, int.Parse(parts[1], CultureInfo.InvariantCulture))
            : throw new InvalidOperationException("The sign-in carries no scope.");
    }
}
