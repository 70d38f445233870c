using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Core.Reception;

/// <summary>How a reception day recurs.</summary>
public enum RecurrenceKind
{
    /// <summary>"第三个星期二": the Nth weekday of every month (Nth = -1 for the last).</summary>
    MonthlyWeekday = 1,

    /// <summary>"每月 4 日": a day of every month.</summary>
    MonthlyDay = 2,

    /// <summary>Every week on a weekday.</summary>
    Weekly = 3,

    /// <summary>One date only (a special session).</summary>
    OneOff = 4,
}

/// <summary>What happens when a generated date is not a working day.</summary>
public enum HolidayPolicy
{
    /// <summary>顺延: the next working day.</summary>
    NextWorkingDay = 1,

    /// <summary>取消: that month's (or week's) reception is skipped.</summary>
    Skip = 2,
}

/// <summary>接待方式</summary>
public enum ReceptionMode
{
    AtStation = 1,

    /// <summary>走访: deputies visit villages, enterprises or homes.</summary>
    Visit = 2,

    /// <summary>在线接待 with a video-meeting link.</summary>
    Online = 3,

    /// <summary>流动接待 at a market or enterprise, with its own address.</summary>
    Mobile = 4,
}

/// <summary>
/// 接待日 rule: for a region (every station in its subtree) or one station (which then overrides its regions' rules).
/// Upcoming days are generated from the rules when asked, never stored in advance. A one-off rule is a special session
/// (themed, online, mobile) with its own topic, link or address.
/// </summary>
public class ReceptionRule
{
    public const int TopicMaxLength = 100;
    public const int PlaceMaxLength = 200;
    public const int LinkMaxLength = 300;

    private ReceptionRule()
    {
    }

    public ReceptionRule(int? regionId, int? stationId, RecurrenceKind kind, TimeOnly start, TimeOnly end)
    {
        if ((regionId is null) == (stationId is null))
        {
            throw new ArgumentException("A rule belongs to a region or to a station.", nameof(regionId));
        }

        RegionId = regionId;
        StationId = stationId;
        Kind = kind;
        Start = start;
        End = end;
        HolidayPolicy = HolidayPolicy.NextWorkingDay;
        Mode = ReceptionMode.AtStation;
        IsActive = true;
    }

    public int Id { get; private set; }

    public int? RegionId { get; private set; }

    public Region? Region { get; private set; }

    public int? StationId { get; private set; }

    public Station? Station { get; private set; }

    public RecurrenceKind Kind { get; set; }

    /// <summary>For monthly-weekday rules: 1–5, or -1 for the last one of the month.</summary>
    public int? Nth { get; set; }

    public DayOfWeek? Weekday { get; set; }

    /// <summary>For monthly-day rules: 1–31 (a month without that day uses its last day).</summary>
    public int? DayOfMonth { get; set; }

    /// <summary>For one-off rules.</summary>
    public DateOnly? Date { get; set; }

    public TimeOnly Start { get; set; }

    public TimeOnly End { get; set; }

    public HolidayPolicy HolidayPolicy { get; set; }

    public ReceptionMode Mode { get; set; }

    /// <summary>代表带主题进站, a committee's "进站" session and the like.</summary>
    public string? Topic { get; set; }

    /// <summary>Where a mobile reception is held.</summary>
    public string? Place { get; set; }

    public string? MeetingLink { get; set; }

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    public bool IsActive { get; set; }

    public uint Version { get; private set; }
}

public enum DutyStatus
{
    /// <summary>排班: assigned by the station.</summary>
    Assigned = 1,

    /// <summary>已确认 by the deputy.</summary>
    Confirmed = 2,

    /// <summary>已调换: replaced by another deputy (the new duty names who it replaced).</summary>
    Swapped = 3,
}

/// <summary>值班安排: one deputy on duty at one station on one reception day.</summary>
public class DutyAssignment
{
    private DutyAssignment()
    {
    }

    public DutyAssignment(int stationId, DateOnly date, int deputyId, DateTimeOffset assignedAt, int? replacesDeputyId = null)
    {
        StationId = stationId;
        Date = date;
        DeputyId = deputyId;
        AssignedAt = assignedAt;
        ReplacesDeputyId = replacesDeputyId;
        Status = DutyStatus.Assigned;
    }

    public int Id { get; private set; }

    public int StationId { get; private set; }

    public Station Station { get; private set; } = null!;

    public DateOnly Date { get; private set; }

    public int DeputyId { get; private set; }

    public Deputy Deputy { get; private set; } = null!;

    public DutyStatus Status { get; internal set; }

    public DateTimeOffset AssignedAt { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; internal set; }

    /// <summary>The deputy this duty took over from, when it came from a swap.</summary>
    public int? ReplacesDeputyId { get; private set; }

    /// <summary>When the three-days-before reminder was queued (once).</summary>
    public DateOnly? RemindedOn { get; internal set; }

    public uint Version { get; private set; }
}

/// <summary>A date a deputy said they cannot be on duty.</summary>
public class DeputyUnavailability
{
    public const int NoteMaxLength = 100;

    private DeputyUnavailability()
    {
    }

    public DeputyUnavailability(int deputyId, DateOnly date, string? note)
    {
        DeputyId = deputyId;
        Date = date;
        Note = note;
    }

    public int DeputyId { get; private set; }

    public DateOnly Date { get; private set; }

    public string? Note { get; private set; }
}

/// <summary>履职登记表 (003): the record of one reception at a station.</summary>
public class ReceptionLog
{
    public const int SummaryMaxLength = 2000;
    public const int PlaceMaxLength = 200;

    private ReceptionLog()
    {
    }

    public ReceptionLog(int stationId, DateOnly date, ReceptionMode mode, DateTimeOffset openedAt)
    {
        StationId = stationId;
        Date = date;
        Mode = mode;
        OpenedAt = openedAt;
    }

    public int Id { get; private set; }

    public int StationId { get; private set; }

    public Station Station { get; private set; } = null!;

    public DateOnly Date { get; private set; }

    public ReceptionMode Mode { get; set; }

    public string? Place { get; set; }

    public int PeopleReceived { get; set; }

    /// <summary>Problems solved on the spot.</summary>
    public int SolvedOnSpot { get; set; }

    public string? Summary { get; set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; internal set; }

    public uint Version { get; private set; }
}

/// <summary>A deputy present at a reception, checked in on arrival by staff.</summary>
public class ReceptionLogDeputy
{
    private ReceptionLogDeputy()
    {
    }

    public ReceptionLogDeputy(int logId, int deputyId, DateTimeOffset checkedInAt)
    {
        LogId = logId;
        DeputyId = deputyId;
        CheckedInAt = checkedInAt;
    }

    public int LogId { get; private set; }

    public int DeputyId { get; private set; }

    public Deputy Deputy { get; private set; } = null!;

    public DateTimeOffset CheckedInAt { get; private set; }
}

/// <summary>A photo of a reception (kept in the database like the other photos).</summary>
public class ReceptionLogPhoto
{
    private ReceptionLogPhoto()
    {
        ContentType = string.Empty;
        Content = [];
    }

    public ReceptionLogPhoto(int logId, string contentType, byte[] content)
    {
        LogId = logId;
        ContentType = contentType;
        Content = content;
        Length = content?.Length ?? 0;
    }

    public int Id { get; private set; }

    public int LogId { get; private set; }

    public string ContentType { get; private set; }

    public int Length { get; private set; }

    public byte[] Content { get; private set; }
}
