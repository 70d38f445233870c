namespace LiaisonPortal.Core.Organisation;

public enum HandlingUnitKind
{
    GovernmentDepartment = 1,
    SupervisoryCommission = 2,
    Court = 3,
    Procuratorate = 4,
    StreetOffice = 5,
    PublicEnterprise = 6,
    Other = 9,
}

/// <summary>承办单位: answers the cases assigned to it.</summary>
public class HandlingUnit
{
    public const int CodeMaxLength = 32;

    private HandlingUnit()
    {
        Code = string.Empty;
        Name = string.Empty;
    }

    public HandlingUnit(string code, string name, HandlingUnitKind kind, Region region, HandlingUnit? parent = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(region);
        Code = code;
        Name = name;
        Kind = kind;
        Region = region;
        Parent = parent;
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public HandlingUnitKind Kind { get; private set; }

    public int RegionId { get; private set; }

    public Region Region { get; private set; } = null!;

    public int? ParentId { get; private set; }

    public HandlingUnit? Parent { get; private set; }

    public string? ContactPerson { get; set; }

    public string? ContactPhone { get; set; }

    public bool IsActive { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    public void Update(string name, HandlingUnitKind kind, Region region, HandlingUnit? parent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(region);
        if (parent is not null && (parent == this || (Id != 0 && parent.Id == Id) || parent.ParentId is not null))
        {
            throw new ArgumentException("A sub-unit's parent must be a top-level unit other than itself.", nameof(parent));
        }

        Name = name;
        Kind = kind;
        Region = region;
        RegionId = region.Id;
        Parent = parent;
        ParentId = parent?.Id;
    }

    public void Deactivate() => IsActive = false;

    public void Reactivate() => IsActive = true;
}
