namespace LiaisonPortal.Core.Organisation;

/// <summary>家站点 kinds (003): 代表之家, 代表联络站, 代表联系点, 流动联络站, 民情联络室.</summary>
public enum StationKind
{
    DeputyHome = 1,
    LiaisonStation = 2,
    ContactPoint = 3,
    MobileStation = 4,
    PublicOpinionRoom = 5,
}

/// <summary>联络站: one station with its unified number (统一编号), used in URLs and on QR codes.</summary>
public class Station
{
    public const int CodeMaxLength = 32;

    private Station()
    {
        Code = string.Empty;
        Name = string.Empty;
        Address = string.Empty;
    }

    public Station(string code, string name, StationKind kind, Region region, string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(region);
        Code = code;
        Name = name;
        Kind = kind;
        Region = region;
        Address = address ?? string.Empty;
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public StationKind Kind { get; private set; }

    public int RegionId { get; private set; }

    public Region Region { get; private set; } = null!;

    public string Address { get; private set; }

    public string? OpeningHours { get; set; }

    public string? ContactPhone { get; set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>管理员: the staff member who runs the station (shown to staff only).</summary>
    public string? ManagerName { get; set; }

    public string? ManagerPhone { get; set; }

    public bool IsActive { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    /// <summary>The unified number never changes: it is printed on the door and in QR codes.</summary>
    public void Update(string name, StationKind kind, Region region, string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(region);
        Name = name;
        Kind = kind;
        Region = region;
        RegionId = region.Id;
        Address = address ?? string.Empty;
    }

    public void Unlocate()
    {
        Latitude = null;
        Longitude = null;
    }

    public void Locate(double latitude, double longitude)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latitude, -90);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(latitude, 90);
        ArgumentOutOfRangeException.ThrowIfLessThan(longitude, -180);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(longitude, 180);
        Latitude = latitude;
        Longitude = longitude;
    }

    public void Close() => IsActive = false;

    public void Reopen() => IsActive = true;
}
