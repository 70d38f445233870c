namespace LiaisonPortal.Core.Calendar;

/// <summary>
/// The one deadline calculator's rules: Monday to Friday are working days, except official holidays; weekend days
/// made into working days (调休) count. Pure: built from the calendar's exceptions, asks no database.
/// </summary>
public sealed class WorkingDays
{
    private readonly Dictionary<DateOnly, CalendarDayKind> _exceptions;

    public WorkingDays(IEnumerable<CalendarDay> exceptions)
    {
        ArgumentNullException.ThrowIfNull(exceptions);
        _exceptions = exceptions.ToDictionary(d => d.Date, d => d.Kind);
    }

    public bool IsWorkingDay(DateOnly date) => _exceptions.TryGetValue(date, out var kind)
        ? kind == CalendarDayKind.AdjustedWorkday
        : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/> (the start itself does not count).</summary>
    public DateOnly Add(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = start;
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>; negative when <paramref name="to"/> is earlier.</summary>
    public int Between(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -Between(to, from);
        }

        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The latest start from which <paramref name="days"/> working days end on or before <paramref name="deadline"/>:
    /// <c>Add(start, days) &lt;= deadline</c> exactly when <c>start &lt;= LatestStart(deadline, days)</c>, because
    /// <see cref="Add"/> never goes back when the start moves forward. Turns "received + N working days is past" into
    /// one date to compare with.
    /// </summary>
    public DateOnly LatestStart(DateOnly deadline, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = deadline;
        for (var counted = 0; counted < days; date = date.AddDays(-1))
        {
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }
}
