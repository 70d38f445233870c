namespace LiaisonPortal.Core.Organisation;

/// <summary>Five levels of deputies plus streets' deliberative representatives (街道议政代表).</summary>
public enum DeputyLevel
{
    National = 1,
    Provincial = 2,
    City = 3,
    County = 4,
    Township = 5,
    StreetDeliberative = 6,
}

public enum Gender
{
    Unspecified = 0,
    Male = 1,
    Female = 2,
}

/// <summary>代表. <see cref="Code"/> is the stable public identifier in URLs and QR codes, never the database id.</summary>
public class Deputy
{
    public const int CodeMaxLength = 32;

    private readonly List<DeputyStation> _stations = [];

    private Deputy()
    {
        Code = string.Empty;
        Name = string.Empty;
    }

    public Deputy(string code, string name, Gender gender, DeputyLevel level)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Code = code;
        Name = name;
        Gender = gender;
        Level = level;
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public Gender Gender { get; private set; }

    public DeputyLevel Level { get; private set; }

    /// <summary>选区.</summary>
    public string? Constituency { get; set; }

    /// <summary>代表团 / 代表组.</summary>
    public string? Delegation { get; set; }

    public string? Occupation { get; set; }

    /// <summary>专业代表小组.</summary>
    public string? ProfessionalGroup { get; set; }

    /// <summary>The deputy's own phone: for staff only, never on a public page, in the API or in a log.</summary>
    public string? PrivatePhone { get; set; }

    /// <summary>亮承诺: the deputy's public commitment.</summary>
    public string? Commitment { get; set; }

    public DateOnly? TermStart { get; set; }

    public DateOnly? TermEnd { get; set; }

    public bool IsActive { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    public IReadOnlyCollection<DeputyStation> Stations => _stations;

    /// <summary>The code never changes: it is printed on the deputy's contact card.</summary>
    public void Update(string name, Gender gender, DeputyLevel level)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Gender = gender;
        Level = level;
    }

    /// <summary>
    /// Leaves a station. If it was the primary one, no station is primary until the caller picks one: PostgreSQL checks the
    /// one-primary index row by row, so a change of primary is saved in two steps (see DirectoryEditor).
    /// </summary>
    public void Leave(int stationId)
    {
        var enrolment = _stations.FirstOrDefault(s => s.StationId == stationId);
        if (enrolment is not null)
        {
            _stations.Remove(enrolment);
        }
    }

    public void Reactivate() => IsActive = true;

    /// <summary>编入家站点. The first station a deputy joins is their primary one.</summary>
    public void EnrolIn(Station station)
    {
        ArgumentNullException.ThrowIfNull(station);
        if (_stations.Any(s => s.Station == station || (station.Id != 0 && s.StationId == station.Id)))
        {
            return;
        }

        _stations.Add(new DeputyStation(this, station, isPrimary: _stations.Count == 0));
    }

    public void Deactivate() => IsActive = false;
}

public class DeputyStation
{
    private DeputyStation()
    {
    }

    internal DeputyStation(Deputy deputy, Station station, bool isPrimary)
    {
        Deputy = deputy;
        Station = station;
        IsPrimary = isPrimary;
    }

    public int DeputyId { get; private set; }

    public Deputy Deputy { get; private set; } = null!;

    public int StationId { get; private set; }

    public Station Station { get; private set; } = null!;

    public bool IsPrimary { get; internal set; }
}
