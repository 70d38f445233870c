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
}
