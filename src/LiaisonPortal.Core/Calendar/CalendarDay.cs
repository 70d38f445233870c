namespace LiaisonPortal.Core.Calendar;

public enum CalendarDayKind
{
    /// <summary>An official holiday (法定节假日), a day off even on a weekday.</summary>
    Holiday = 1,

    /// <summary>调休: a weekend day made into a working day.</summary>
    AdjustedWorkday = 2,
}

/// <summary>One exception to the Monday–Friday rule in the official holiday calendar (节假日).</summary>
public class CalendarDay
{
    private CalendarDay()
    {
        Name = string.Empty;
    }

    public CalendarDay(DateOnly date, CalendarDayKind kind, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Date = date;
        Kind = kind;
        Name = name;
    }

    public DateOnly Date { get; private set; }

    public CalendarDayKind Kind { get; private set; }

    public string Name { get; private set; }

    public void Change(CalendarDayKind kind, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Kind = kind;
        Name = name;
    }
}
