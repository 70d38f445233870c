using Microsoft.AspNetCore.Identity;

namespace LiaisonPortal.Core.Accounts;

/// <summary>A staff account. Citizens have no accounts.</summary>
public class ApplicationUser : IdentityUser
{
    public const int DisplayNameMaxLength = 50;

    public string DisplayName { get; set; } = string.Empty;

    public ScopeKind ScopeKind { get; private set; }

    public int? RegionId { get; private set; }

    public int? StationId { get; private set; }

    public int? HandlingUnitId { get; private set; }

    public int? DeputyId { get; private set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The password was handed out by someone else (an administrator or the command line): the account must choose its
    /// own at the next sign-in before any staff page or API call answers.
    /// </summary>
    public bool MustChangePassword { get; set; }

    public StaffScope Scope => ScopeKind switch
    {
        ScopeKind.Region => StaffScope.ForRegion(RegionId!.Value),
        ScopeKind.Station => StaffScope.ForStation(StationId!.Value),
        ScopeKind.Unit => StaffScope.ForUnit(HandlingUnitId!.Value),
        ScopeKind.Deputy => StaffScope.ForDeputy(DeputyId!.Value),
        _ => StaffScope.Everything,
    };

    public void SetScope(StaffScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != ScopeKind.Everything && scope.Id is null)
        {
            throw new ArgumentException("A scope other than Everything needs an id.", nameof(scope));
        }

        ScopeKind = scope.Kind;
        RegionId = scope.Kind == ScopeKind.Region ? scope.Id : null;
        StationId = scope.Kind == ScopeKind.Station ? scope.Id : null;
        HandlingUnitId = scope.Kind == ScopeKind.Unit ? scope.Id : null;
        DeputyId = scope.Kind == ScopeKind.Deputy ? scope.Id : null;
    }
}
