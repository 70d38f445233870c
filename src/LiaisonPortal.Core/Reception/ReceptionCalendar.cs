using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Reception;

/// <summary>One generated reception day (接待日) at a station, with the rule it came from.</summary>
public sealed record ReceptionDay(
    DateOnly Date, TimeOnly Start, TimeOnly End, ReceptionMode Mode, string? Topic, string? Place, string? MeetingLink, int RuleId,
    bool Moved = false);

/// <summary>
/// Generates reception days from the rules, never storing them: a station's own recurring rules replace its regions'
/// (the nearest region up the tree that has any); one-off special sessions of the station and of every region above it
/// are added. A date that is not a working day (holiday calendar, with 调休 weekend workdays) moves to the next working day
/// or is skipped, as the rule says.
/// </summary>
public sealed class ReceptionCalendar(ApplicationDbContext db, WorkingDayCalendar calendar)
{
    /// <summary>How far ahead a request may look (so nobody generates a century).</summary>
    public const int MaxDays = 400;

    public async Task<IReadOnlyList<ReceptionDay>> DaysAsync(int stationId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            return [];
        }

        if (to.DayNumber - from.DayNumber > MaxDays)
        {
            to = from.AddDays(MaxDays);
        }

        var station = await db.Stations.AsNoTracking().Where(s => s.Id == stationId).Select(s => new { s.Id, s.Region.Path }).SingleOrDefaultAsync(cancellationToken);
        if (station is null)
        {
            return [];
        }

        var regionIds = await db.Regions.AsNoTracking().Where(r => station.Path.StartsWith(r.Path)).OrderByDescending(r => r.Path.Length).Select(r => r.Id).ToListAsync(cancellationToken);
        var rules = await db.ReceptionRules.AsNoTracking()
            .Where(r => r.IsActive && (r.StationId == stationId || (r.RegionId != null && regionIds.Contains(r.RegionId.Value))))
            .ToListAsync(cancellationToken);
        var recurring = EffectiveRecurring(rules, stationId, regionIds);
        var oneOffs = rules.Where(r => r.Kind == RecurrenceKind.OneOff);
        // Moving to the next working day may cross into the next month: read a little past the end.
        var workingDays = await calendar.RulesForAsync(from, to.AddDays(31), cancellationToken);
        return recurring.Concat(oneOffs)
            .SelectMany(rule => Generate(rule, from, to, workingDays))
            .GroupBy(day => (day.Date, day.Start))
            .Select(group => group.First())
            .OrderBy(day => day.Date).ThenBy(day => day.Start)
            .ToList();
    }

    /// <summary>The next reception days from today (China time).</summary>
    public Task<IReadOnlyList<ReceptionDay>> UpcomingAsync(int stationId, DateOnly today, int days = 90, CancellationToken cancellationToken = default) =>
        DaysAsync(stationId, today, today.AddDays(days), cancellationToken);

    /// <summary>The rule's dates in the range, holidays handled; pure, for tests and for the generator.</summary>
    public static IEnumerable<ReceptionDay> Generate(ReceptionRule rule, DateOnly from, DateOnly to, WorkingDays workingDays)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(workingDays);
        var start = rule.ValidFrom is { } validFrom && validFrom > from ? validFrom : from;
        var end = rule.ValidTo is { } validTo && validTo < to ? validTo : to;
        foreach (var planned in Planned(rule, start, end))
        {
            if (rule.Kind == RecurrenceKind.OneOff || workingDays.IsWorkingDay(planned))
            {
                yield return DayOf(rule, planned, moved: false);
            }
            else if (rule.HolidayPolicy == HolidayPolicy.NextWorkingDay)
            {
                var next = planned.AddDays(1);
                while (!workingDays.IsWorkingDay(next))
                {
                    next = next.AddDays(1);
                }

                if (next <= to)
                {
                    yield return DayOf(rule, next, moved: true);
                }
            }
        }
    }

    private static List<ReceptionRule> EffectiveRecurring(List<ReceptionRule> rules, int stationId, List<int> regionIdsNearestFirst)
    {
        var own = rules.Where(r => r.StationId == stationId && r.Kind != RecurrenceKind.OneOff).ToList();
        if (own.Count > 0)
        {
            return own;
        }

        foreach (var regionId in regionIdsNearestFirst)
        {
            var inherited = rules.Where(r => r.RegionId == regionId && r.Kind != RecurrenceKind.OneOff).ToList();
            if (inherited.Count > 0)
            {
                return inherited;
            }
        }

        return [];
    }

    private static ReceptionDay DayOf(ReceptionRule rule, DateOnly date, bool moved) =>
        new(date, rule.Start, rule.End, rule.Mode, rule.Topic, rule.Place, rule.MeetingLink, rule.Id, moved);

    private static IEnumerable<DateOnly> Planned(ReceptionRule rule, DateOnly from, DateOnly to)
    {
        switch (rule.Kind)
        {
            case RecurrenceKind.OneOff:
                if (rule.Date is { } date && date >= from && date <= to)
                {
                    yield return date;
                }

                break;
            case RecurrenceKind.Weekly when rule.Weekday is { } weekday:
                var first = from.AddDays(((int)weekday - (int)from.DayOfWeek + 7) % 7);
                for (var day = first; day <= to; day = day.AddDays(7))
                {
                    yield return day;
                }

                break;
            case RecurrenceKind.MonthlyDay when rule.DayOfMonth is { } dayOfMonth:
                foreach (var month in Months(from, to))
                {
                    var day = new DateOnly(month.Year, month.Month, Math.Min(dayOfMonth, DateTime.DaysInMonth(month.Year, month.Month)));
                    if (day >= from && day <= to)
                    {
                        yield return day;
                    }
                }

                break;
            case RecurrenceKind.MonthlyWeekday when rule.Weekday is { } weekday && rule.Nth is { } nth:
                foreach (var month in Months(from, to))
                {
                    if (NthWeekday(month.Year, month.Month, weekday, nth) is { } day && day >= from && day <= to)
                    {
                        yield return day;
                    }
                }

                break;
        }
    }

    private static IEnumerable<DateOnly> Months(DateOnly from, DateOnly to)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    /// <summary>The Nth weekday of a month (1–5), or the last one for -1; null when the month has no fifth one.</summary>
    public static DateOnly? NthWeekday(int year, int month, DayOfWeek weekday, int nth)
    {
        if (nth == -1)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            return last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
        }

        var first = new DateOnly(year, month, 1);
        var day = first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7).AddDays(7 * (nth - 1));
        return nth is >= 1 and <= 5 && day.Month == month ? day : null;
    }
}
