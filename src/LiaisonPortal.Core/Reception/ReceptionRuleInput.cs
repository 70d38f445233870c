namespace LiaisonPortal.Core.Reception;

/// <summary>
/// A reception-day rule as typed into the staff form: all text, so a wrong entry comes back with its message. Enum
/// fields take their names ("MonthlyWeekday", "Tuesday", "Online"); dates yyyy-MM-dd and times HH:mm, China time.
/// </summary>
public sealed class ReceptionRuleInput
{
    public string? Kind { get; set; }

    /// <summary>1–5, or -1 for the last one of the month.</summary>
    public string? Nth { get; set; }

    public string? Weekday { get; set; }

    public string? DayOfMonth { get; set; }

    /// <summary>The date of a one-off session.</summary>
    public string? Date { get; set; }

    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public string? HolidayPolicy { get; set; }

    public string? Mode { get; set; }

    public string? Topic { get; set; }

    public string? Place { get; set; }

    public string? MeetingLink { get; set; }

    public string? ValidFrom { get; set; }

    public string? ValidTo { get; set; }
}

public enum RuleOwnerKind
{
    Region = 1,
    Station = 2,
}

/// <summary>Whose rules a page shows: a region (every station below it) or one station (its overrides and sessions).</summary>
public sealed record RuleOwner(RuleOwnerKind Kind, string Code, string Name);

/// <summary>A rule on the staff list, with its next date (null when none within the preview's reach).</summary>
public sealed record RuleRow(
    int Id, RecurrenceKind Kind, int? Nth, DayOfWeek? Weekday, int? DayOfMonth, DateOnly? Date, TimeOnly Start, TimeOnly End,
    HolidayPolicy HolidayPolicy, ReceptionMode Mode, string? Topic, string? Place, string? MeetingLink, DateOnly? ValidFrom,
    DateOnly? ValidTo, bool IsActive, DateOnly? NextDate);

/// <summary>
/// The staff page's view: the owner, its rules, the rules a station inherits when it has none of its own, and the next
/// dates the calendar will generate (for a station: its whole calendar; for a region: its own rules).
/// </summary>
public sealed record RuleBook(
    RuleOwner Owner, IReadOnlyList<RuleRow> Rules, RuleOwner? InheritedFrom, IReadOnlyList<RuleRow> Inherited,
    IReadOnlyList<ReceptionDay> Preview, IReadOnlyList<RuleOwner> Stations);

/// <summary>One rule for its edit page.</summary>
public sealed record RuleForEdit(int Id, RuleOwner Owner, ReceptionRuleInput Input, uint Version, bool IsActive, RuleRow Row);
