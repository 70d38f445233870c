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

    public async Task<IReadOnlyList<ReceptionDay>> DaysAsync(int stationId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        (await DaysAsync([stationId], from, to, cancellationToken)).GetValueOrDefault(stationId, []);

    /// <summary>The days of several stations at once (a page of the directory) in four queries, whatever their number.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<ReceptionDay>>> DaysAsync(
        IReadOnlyCollection<int> stationIds, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stationIds);
        if (to < from || stationIds.Count == 0)
        {
            return new Dictionary<int, IReadOnlyList<ReceptionDay>>();
        }

        if (to.DayNumber - from.DayNumber > MaxDays)
        {
            to = from.AddDays(MaxDays);
        }

        var rules = await RulesForStationsAsync(stationIds, cancellationToken);
        // Moving to the next working day may cross into the next month: read a little past the end.
        var workingDays = await calendar.RulesForAsync(from, to.AddDays(31), cancellationToken);
        return rules.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<ReceptionDay>)pair.Value
                .SelectMany(rule => Generate(rule, from, to, workingDays))
                .GroupBy(day => (day.Date, day.Start))
                .Select(group => group.First())
                .OrderBy(day => day.Date).ThenBy(day => day.Start)
                .ToList());
    }

    /// <summary>
    /// The active rules that make each station's calendar: its own recurring rules or else the nearest region's, plus the
    /// one-off sessions of the station and of every region above it.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<ReceptionRule>>> RulesForStationsAsync(
        IReadOnlyCollection<int> stationIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stationIds);
        var ids = stationIds.Distinct().ToList();
        var stations = await db.Stations.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Region.Path }).ToListAsync(cancellationToken);
        // A region's path is its ancestors' codes ("/99/9901/990102/"), so the ancestors' paths are its prefixes.
        var ancestorPaths = stations.SelectMany(s => AncestorPaths(s.Path)).Distinct().ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => ancestorPaths.Contains(r.Path)).Select(r => new { r.Id, r.Path }).ToListAsync(cancellationToken);
        var regionIds = regions.Select(r => r.Id).ToList();
        var rules = await db.ReceptionRules.AsNoTracking()
            .Where(r => r.IsActive && ((r.StationId != null && ids.Contains(r.StationId.Value)) || (r.RegionId != null && regionIds.Contains(r.RegionId.Value))))
            .ToListAsync(cancellationToken);
        return stations.ToDictionary(station => station.Id, station =>
        {
            var nearestFirst = regions.Where(r => station.Path.StartsWith(r.Path, StringComparison.Ordinal)).OrderByDescending(r => r.Path.Length).Select(r => r.Id).ToList();
            var mine = rules.Where(r => r.StationId == station.Id || (r.RegionId is { } regionId && nearestFirst.Contains(regionId))).ToList();
            return (IReadOnlyList<ReceptionRule>)EffectiveRecurring(mine, station.Id, nearestFirst).Concat(mine.Where(r => r.Kind == RecurrenceKind.OneOff)).ToList();
        });
    }

    private static IEnumerable<string> AncestorPaths(string path)
    {
        for (var end = path.IndexOf('/', 1); end > 0; end = path.IndexOf('/', end + 1))
        {
            yield return path[..(end + 1)];
        }
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
