using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Core.Performance;

/// <summary>
/// What a point rule counts (履职积分). Values below <see cref="FirstActivity"/> are facts the system already records
/// (receptions, duties, opinions, suggestions); from <see cref="FirstActivity"/> on they are activities staff record
/// with evidence (<see cref="DeputyActivity"/>). Points are never typed in by hand.
/// </summary>
public enum PerformanceFact
{
    /// <summary>参加接待: checked in on a reception log at a station, online or mobile.</summary>
    ReceptionAttended = 1,

    /// <summary>走访: checked in on a reception log whose mode is a visit.</summary>
    VisitMade = 2,

    /// <summary>缺席值班: on duty (not swapped away) on a past day without checking in at that station's log.</summary>
    DutyMissed = 3,

    /// <summary>收到群众意见: opinions addressed to the deputy (not merged away).</summary>
    OpinionReceived = 4,

    /// <summary>意见已反馈: those opinions fed back to the citizen.</summary>
    OpinionFedBack = 5,

    /// <summary>领衔提出代表建议 (filed, not withdrawn or returned).</summary>
    SuggestionFiled = 6,

    /// <summary>附议代表建议.</summary>
    SuggestionCosigned = 7,

    /// <summary>领衔建议办成: the lead unit's final reply graded A (已解决).</summary>
    SuggestionSolved = 8,

    /// <summary>视察.</summary>
    Inspection = 20,

    /// <summary>调研.</summary>
    Research = 21,

    /// <summary>向选民述职.</summary>
    ReportToVoters = 22,

    /// <summary>代表议事会 / 议政会.</summary>
    DeliberationMeeting = 23,

    /// <summary>执法检查.</summary>
    LawEnforcementCheck = 24,

    /// <summary>列席会议.</summary>
    MeetingAttendance = 25,

    /// <summary>学习培训.</summary>
    Training = 26,

    /// <summary>其他履职活动.</summary>
    OtherActivity = 29,
}

/// <summary>The period a rule's cap applies to.</summary>
public enum PointCapPeriod
{
    Month = 1,
    Quarter = 2,
    Year = 3,
}

/// <summary>
/// 积分规则 for one fact in one year: points per occurrence (negative for a missed duty), an optional cap on the points
/// the fact can give (or take) per period, and an optional yearly minimum count (e.g. 每年接待不少于 1 次, 每年述职 1 次).
/// A year's rules are edited by an administrator; changing one changes that year's points at once because points are
/// always computed from the recorded facts.
/// </summary>
public class PointRule
{
    public const int MaxPoints = 100;
    public const int MaxCap = 1000;

    private PointRule()
    {
    }

    public PointRule(int year, PerformanceFact fact, int points, DateTimeOffset updatedAt)
    {
        Year = year;
        Fact = fact;
        Points = points;
        UpdatedAt = updatedAt;
    }

    public int Id { get; private set; }

    public int Year { get; private set; }

    public PerformanceFact Fact { get; private set; }

    /// <summary>Points per occurrence, −<see cref="MaxPoints"/>..<see cref="MaxPoints"/>; 0 counts the fact without points.</summary>
    public int Points { get; set; }

    /// <summary>With <see cref="Cap"/>: the most points (by absolute value) the fact gives per period.</summary>
    public PointCapPeriod? CapPeriod { get; set; }

    public int? Cap { get; set; }

    /// <summary>The fewest occurrences a deputy should have in the year (a missed minimum lists the deputy).</summary>
    public int? YearlyMinimum { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; private set; }
}

/// <summary>
/// 履职活动 recorded by staff (视察, 调研, 述职, 议事会…) for one or more deputies, with evidence (photos, sign-in sheets,
/// minutes). Belongs to the region whose office recorded it or to the station that recorded it.
/// </summary>
public class DeputyActivity
{
    public const int TitleMaxLength = 200;
    public const int PlaceMaxLength = 200;
    public const int SummaryMaxLength = 4000;

    private readonly List<DeputyActivityParticipant> _participants = [];

    private DeputyActivity()
    {
        Title = string.Empty;
        RecordedById = string.Empty;
        RecordedByName = string.Empty;
    }

    public DeputyActivity(int regionId, int? stationId, PerformanceFact kind, DateOnly date, string title, string recordedById, string recordedByName, DateTimeOffset recordedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        RegionId = regionId;
        StationId = stationId;
        Kind = kind;
        Date = date;
        Title = title;
        RecordedById = recordedById;
        RecordedByName = recordedByName;
        RecordedAt = recordedAt;
        UpdatedAt = recordedAt;
    }

    public int Id { get; private set; }

    public int RegionId { get; private set; }

    public Region Region { get; private set; } = null!;

    public int? StationId { get; private set; }

    public Station? Station { get; private set; }

    /// <summary>One of the recorded-activity facts (≥ <see cref="PerformanceFact.Inspection"/>, by check constraint).</summary>
    public PerformanceFact Kind { get; set; }

    public DateOnly Date { get; set; }

    public string Title { get; set; }

    public string? Place { get; set; }

    public string? Summary { get; set; }

    public string RecordedById { get; private set; }

    public string RecordedByName { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; private set; }

    public IReadOnlyCollection<DeputyActivityParticipant> Participants => _participants;

    public void AddParticipant(int deputyId)
    {
        if (_participants.All(p => p.DeputyId != deputyId))
        {
            _participants.Add(new DeputyActivityParticipant(Id, deputyId));
        }
    }

    public void RemoveParticipant(int deputyId) => _participants.RemoveAll(p => p.DeputyId == deputyId);
}

/// <summary>A deputy who took part in a recorded activity.</summary>
public class DeputyActivityParticipant
{
    private DeputyActivityParticipant()
    {
    }

    public DeputyActivityParticipant(int activityId, int deputyId)
    {
        ActivityId = activityId;
        DeputyId = deputyId;
    }

    public int ActivityId { get; private set; }

    public int DeputyId { get; private set; }

    public Deputy Deputy { get; private set; } = null!;
}

/// <summary>佐证材料: a file kept in PostgreSQL with the activity (≤ 10 MB by check constraint).</summary>
public class DeputyActivityEvidence
{
    public const int MaxFiles = 10;
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int FileNameMaxLength = 200;

    private DeputyActivityEvidence()
    {
        FileName = string.Empty;
        ContentType = string.Empty;
        Content = [];
    }

    public DeputyActivityEvidence(int activityId, string fileName, string contentType, byte[] content, DateTimeOffset addedAt)
    {
        ArgumentNullException.ThrowIfNull(content);
        ActivityId = activityId;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Length = content.Length;
        AddedAt = addedAt;
    }

    public int Id { get; private set; }

    public int ActivityId { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public int Length { get; private set; }

    public byte[] Content { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }
}
