namespace LiaisonPortal.Core.Management;

/// <summary>
/// A station as typed into the form or read from one CSV row: all text, so both reach the same rules in
/// <see cref="DirectoryRules"/> and get the same messages.
/// </summary>
public sealed class StationInput
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    /// <summary>The kind's name ("LiaisonStation") or its Chinese name ("代表联络站").</summary>
    public string? Kind { get; set; }

    public string? RegionCode { get; set; }

    public string? Address { get; set; }

    public string? OpeningHours { get; set; }

    public string? ContactPhone { get; set; }

    public string? ManagerName { get; set; }

    public string? ManagerPhone { get; set; }

    public string? Latitude { get; set; }

    public string? Longitude { get; set; }
}

public sealed class DeputyInput
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? Gender { get; set; }

    /// <summary>The level's name ("County") or a Chinese name ("区县人大代表", "区人大代表", "区县").</summary>
    public string? Level { get; set; }

    public string? Constituency { get; set; }

    public string? Delegation { get; set; }

    public string? Occupation { get; set; }

    public string? ProfessionalGroup { get; set; }

    public string? Commitment { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? TermStart { get; set; }

    public string? TermEnd { get; set; }

    public string? PrivatePhone { get; set; }

    /// <summary>Unified numbers of the stations the deputy is enrolled in; the first is primary unless <see cref="PrimaryStationCode"/> says otherwise.</summary>
    public IList<string> StationCodes { get; set; } = [];

    public string? PrimaryStationCode { get; set; }
}

public sealed class HandlingUnitInput
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? Kind { get; set; }

    public string? RegionCode { get; set; }

    /// <summary>The parent unit's code, for a sub-unit.</summary>
    public string? ParentCode { get; set; }

    public string? ContactPerson { get; set; }

    public string? ContactPhone { get; set; }
}
