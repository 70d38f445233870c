namespace LiaisonPortal.Core.Accounts;

/// <summary>Staff roles. Each role has exactly one kind of scope (<see cref="StaffScope"/>).</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string CongressStaff = "CongressStaff";
    public const string StationStaff = "StationStaff";
    public const string Deputy = "Deputy";
    public const string UnitStaff = "UnitStaff";

    public static IReadOnlyList<string> All { get; } = [Admin, CongressStaff, StationStaff, Deputy, UnitStaff];

    /// <summary>The scope kind an account of this role must carry; Admin may also be city-wide (no scope).</summary>
    public static ScopeKind ScopeKindOf(string role) => role switch
    {
        Admin => ScopeKind.Region,
        CongressStaff => ScopeKind.Region,
        StationStaff => ScopeKind.Station,
        Deputy => ScopeKind.Deputy,
        UnitStaff => ScopeKind.Unit,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
}
