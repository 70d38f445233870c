namespace LiaisonPortal.Core.Accounts;

public enum ScopeKind
{
    /// <summary>No restriction: a system-wide administrator.</summary>
    Everything = 0,
    Region = 1,
    Station = 2,
    Unit = 3,
    Deputy = 4,
}

/// <summary>What a staff account may see: a region subtree, one station, one handling unit or one deputy.</summary>
public sealed record StaffScope(ScopeKind Kind, int? Id)
{
    public static StaffScope Everything { get; } = new(ScopeKind.Everything, null);

    /// <summary>A region subtree or everything: the scopes that create, close and delete directory records and import files.</summary>
    public bool ManagesRegions => Kind is ScopeKind.Everything or ScopeKind.Region;

    public static StaffScope ForRegion(int regionId) => new(ScopeKind.Region, regionId);

    public static StaffScope ForStation(int stationId) => new(ScopeKind.Station, stationId);

    public static StaffScope ForUnit(int unitId) => new(ScopeKind.Unit, unitId);

    public static StaffScope ForDeputy(int deputyId) => new(ScopeKind.Deputy, deputyId);
}
