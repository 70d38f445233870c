using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LiaisonPortal.Core.Dashboard;

/// <summary>
/// The exact counts behind a group of the dashboard's figures: opinions received in a period (not merged) and how far
/// they got. Rates are exact shares (null when nothing is behind them), rounded only for display.
/// </summary>
public sealed record DashboardCounts(int Received, int InHandling, int Overdue, int Closed, int Assigned, int OnTime, int Rated, int Satisfied)
{
    public static DashboardCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>按时答复率: the round-1 lead unit answered on time, over the opinions with a round-1 lead assignment (as /open).</summary>
    public decimal? OnTimeRate => FigureCounts.Rate(OnTime, Assigned);

    /// <summary>满意率: satisfied + basically satisfied over rated, by the latest rating (as /open and the suggestions).</summary>
    public decimal? SatisfactionRate => FigureCounts.Rate(Satisfied, Rated);

    /// <summary>办结率: closed over received.</summary>
    public decimal? CompletionRate => FigureCounts.Rate(Closed, Received);

    public static DashboardCounts operator +(DashboardCounts left, DashboardCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Received + right.Received, left.InHandling + right.InHandling, left.Overdue + right.Overdue, left.Closed + right.Closed,
            left.Assigned + right.Assigned, left.OnTime + right.OnTime, left.Rated + right.Rated, left.Satisfied + right.Satisfied);
    }

    public static DashboardCounts Add(DashboardCounts left, DashboardCounts right) => left + right;
}

/// <summary>A row by category or by station. <see cref="Code"/> is what the opinion list filters by; null for "未分类".</summary>
public sealed record DashboardRow(string? Code, string Name, DashboardCounts Counts);

/// <summary>A month of the trend: opinions received in it, and how many of those are closed now.</summary>
public sealed record DashboardMonthPoint(DateOnly Month, int Received, int Closed);

/// <summary>A round-1 lead unit's year: opinions it was given, answered on time, answered, and working days to answer in all.</summary>
public sealed record DashboardUnitRow(string Code, string Name, int Assigned, int OnTime, int Answered, int AnswerWorkingDays)
{
    public decimal? OnTimeRate => FigureCounts.Rate(OnTime, Assigned);

    /// <summary>平均答复用时: working days from the assignment day to the answer day, averaged over the answers.</summary>
    public decimal? AverageWorkingDays => Answered == 0 ? null : (decimal)AnswerWorkingDays / Answered;
}

/// <summary>Reception days (a station's date) held — a reception log — and planned by the stations' reception rules.</summary>
public sealed record DashboardReception(int Held, int Planned)
{
    public decimal? HeldRate => FigureCounts.Rate(Held, Planned);
}

/// <summary>The selected month and its year so far: the year's figures run from January to the end of the month.</summary>
public sealed record DashboardPeriod(int Year, int Month)
{
    public DateOnly MonthStart => new(Year, Month, 1);

    public DateOnly MonthEnd => MonthStart.AddMonths(1).AddDays(-1);

    public DateOnly YearStart => new(Year, 1, 1);
}

/// <summary>Everything on the one screen for one region and month.</summary>
public sealed record OfficeDashboardView(
    RegionOption Region,
    DashboardPeriod Period,
    DateTimeOffset AsOf,
    DashboardCounts ThisMonth,
    DashboardCounts ThisYear,
    IReadOnlyList<DashboardMonthPoint> Trend,
    IReadOnlyList<DashboardRow> ByCategory,
    IReadOnlyList<DashboardRow> ByStation,
    IReadOnlyList<DashboardUnitRow> ByUnit,
    DashboardReception ReceptionMonth,
    DashboardReception ReceptionYear)
{
    public bool IsEmpty => ThisYear.Received == 0 && ReceptionYear.Held == 0 && ReceptionYear.Planned == 0;
}

/// <summary>
/// 一屏纵览: a region's opinions and receptions for a month and its year so far, through the scope filter. The counts come
/// from the rollups kept by <see cref="DashboardRollups"/> (a few thousand rows for a year, whatever the number of
/// opinions); the overdue flag, which the supervision job updates in bulk, is counted live from the opinions.
/// <para>
/// Definitions (periods in China time, by the day an opinion was received; merged duplicates are not counted, as on
/// /open): 收到 received; 办理中 still open (received, classified, assigned, answered or fed back); 超期 flagged overdue;
/// 已办结 closed. 办结率 = closed ÷ received. 按时答复率 = opinions whose round-1 lead unit answered on or before its
/// deadline ÷ opinions with a round-1 lead assignment (as /open). 满意率 = (satisfied + basically satisfied) ÷ rated, by each
/// opinion's latest rating. 平均答复用时 = working days (holiday calendar) from the round-1 lead assignment to its answer.
/// 接待日 held = days with a reception log at a station; planned = days the active stations' reception rules give.
/// </para>
/// </summary>
public sealed class OfficeDashboard(
    ApplicationDbContext db, ScopeDirectory scopes, ReceptionCalendar reception, TimeProvider time, IMemoryCache cache, DirectoryChanges changes)
{
    /// <summary>
    /// How long another instance's change to the reception rules or the calendar may take to reach the planned reception
    /// days (this instance's own changes drop them at once, through <see cref="DirectoryChanges"/>).
    /// </summary>
    public static readonly TimeSpan PlannedDaysLifetime = TimeSpan.FromMinutes(5);

    public const string NoCategoryName = "未分类";

    public const int FirstYear = 2000;

    /// <summary>The regions the account may look at (communities are too small for a dashboard), tree-ordered.</summary>
    public async Task<IReadOnlyList<RegionOption>> RegionsAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return await scopes.Regions(scope).AsNoTracking().Where(r => r.Level != RegionLevel.Community).OrderBy(r => r.Path)
            .Select(r => new RegionOption(r.Code, r.Name, r.Level)).ToListAsync(cancellationToken);
    }

    /// <summary>This month, or the month asked for when it is a real one from <see cref="FirstYear"/> to next year.</summary>
    public DashboardPeriod PeriodOf(int? year, int? month)
    {
        var today = ChinaTime.Today(time);
        return year is { } y && y >= FirstYear && y <= today.Year + 1 && month is { } m && m is >= 1 and <= 12
            ? new DashboardPeriod(y, m)
            : year is { } onlyYear && onlyYear >= FirstYear && onlyYear < today.Year && month is null
                ? new DashboardPeriod(onlyYear, 12)
                : new DashboardPeriod(today.Year, today.Month);
    }

    /// <summary>
    /// The dashboard of a region in the scope (none given: the account's own region, or the top one for an administrator),
    /// or null when the region is not in the scope (or the scope has no region).
    /// </summary>
    public async Task<OfficeDashboardView?> ViewAsync(StaffScope scope, string? regionCode, int? year, int? month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind is not (ScopeKind.Everything or ScopeKind.Region))
        {
            return null;
        }

        var code = regionCode?.Trim();
        var regions = scopes.Regions(scope).AsNoTracking();
        var region = string.IsNullOrEmpty(code)
            ? await regions.Where(r => scope.Kind == ScopeKind.Everything ? r.ParentId == null : r.Id == scope.Id).OrderBy(r => r.Path).FirstOrDefaultAsync(cancellationToken)
            : await regions.Where(r => r.Code == code).SingleOrDefaultAsync(cancellationToken);
        if (region is null)
        {
            return null;
        }

        var period = PeriodOf(year, month);
        var asOf = time.GetUtcNow();
        var within = StaffScope.ForRegion(region.Id);
        var stations = await scopes.Stations(within).AsNoTracking().OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Code, s.Name, s.IsActive }).ToListAsync(cancellationToken);
        var stationIds = stations.Select(s => s.Id).ToArray();

        // Summed in the database, in one pass over the rollup (GROUPING SETS: per month and category, and per station): a
        // city's year is ~120,000 rollup rows at a million opinions, which as objects cost 40 MB and half a second a view,
        // and two GROUP BY scans 70 ms (EXPLAIN ANALYZE).
        var sums = await db.Database.SqlQuery<RollupSums>($"""
            SELECT d."Month", d."CategoryId", d."StationId",
                   sum(d."Received")::int AS "Received", sum(d."InHandling")::int AS "InHandling", sum(d."Closed")::int AS "Closed",
                   sum(d."Assigned")::int AS "Assigned", sum(d."OnTime")::int AS "OnTime", sum(d."Rated")::int AS "Rated",
                   sum(d."Satisfied")::int AS "Satisfied", GROUPING(d."StationId") = 1 AS "ByMonth"
            FROM "DashboardMonths" AS d
            WHERE d."StationId" = ANY({stationIds}) AND d."Month" >= {period.YearStart} AND d."Month" <= {period.MonthStart}
            GROUP BY GROUPING SETS ((d."Month", d."CategoryId"), (d."StationId"))
            """).ToListAsync(cancellationToken);
        var rows = sums.Where(r => r.ByMonth).Select(r => (Month: r.Month!.Value, CategoryId: r.CategoryId!.Value, r.Counts)).ToList();
        var stationRows = sums.Where(r => !r.ByMonth).ToDictionary(r => r.StationId!.Value, r => r.Counts);
        var units = await db.Set<DashboardUnitMonth>().AsNoTracking()
            .Where(m => stationIds.Contains(m.StationId) && m.Month >= period.YearStart && m.Month <= period.MonthStart)
            .GroupBy(m => m.HandlingUnitId)
            .Select(g => new { UnitId = g.Key, Assigned = g.Sum(m => m.Assigned), OnTime = g.Sum(m => m.OnTime), Answered = g.Sum(m => m.Answered), Days = g.Sum(m => m.AnswerWorkingDays) })
            .ToListAsync(cancellationToken);

        var yearFrom = Start(period.YearStart);
        var monthFrom = Start(period.MonthStart);
        var until = Start(period.MonthStart.AddMonths(1));
        // The region's stations as a list of ids (ScopeDirectory.OpinionsAsync): the planner then sees how many opinions they hold.
        var overdue = await db.Opinions.AsNoTracking().Where(o => stationIds.Contains(o.StationId))
            .Where(o => o.IsOverdue && o.State != OpinionState.Merged && o.ReceivedAt >= yearFrom && o.ReceivedAt < until)
            .GroupBy(o => o.ReceivedAt >= monthFrom)
            .Select(g => new { ThisMonth = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var overdueMonth = overdue.Where(o => o.ThisMonth).Sum(o => o.Count);
        var overdueYear = overdue.Sum(o => o.Count);

        var categories = await db.Categories.AsNoTracking()
            .Select(c => new { c.Id, c.Code, c.Name, c.SortOrder, ParentId = c.ParentId }).ToListAsync(cancellationToken);
        var byId = categories.ToDictionary(c => c.Id);
        int RootOf(int id) => id != 0 && byId.TryGetValue(id, out var c) && c.ParentId is { } parent && byId.ContainsKey(parent) ? parent : id;

        static DashboardCounts Sum(IEnumerable<(DateOnly Month, int CategoryId, DashboardCounts Counts)> sums) =>
            sums.Select(r => r.Counts).Aggregate(DashboardCounts.Zero, DashboardCounts.Add);

        var thisMonth = Sum(rows.Where(r => r.Month == period.MonthStart)) with { Overdue = overdueMonth };
        var thisYear = Sum(rows) with { Overdue = overdueYear };
        var trend = Enumerable.Range(1, period.Month)
            .Select(m => new DateOnly(period.Year, m, 1))
            .Select(m => new DashboardMonthPoint(m, rows.Where(r => r.Month == m).Sum(r => r.Counts.Received), rows.Where(r => r.Month == m).Sum(r => r.Counts.Closed)))
            .ToList();
        var byCategory = rows.GroupBy(r => RootOf(r.CategoryId))
            .Select(g => (Root: g.Key, Counts: Sum(g)))
            .OrderBy(g => g.Root == 0 ? 1 : 0).ThenByDescending(g => g.Counts.Received)
            .ThenBy(g => byId.TryGetValue(g.Root, out var c) ? c.SortOrder : 0)
            .Select(g => byId.TryGetValue(g.Root, out var c) ? new DashboardRow(c.Code, c.Name, g.Counts) : new DashboardRow(null, NoCategoryName, g.Counts))
            .ToList();
        var byStation = stations
            .Where(s => s.IsActive || stationRows.ContainsKey(s.Id))
            .Select(s => new DashboardRow(s.Code, s.Name, stationRows.GetValueOrDefault(s.Id) ?? DashboardCounts.Zero))
            .OrderByDescending(r => r.Counts.Received).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();

        var unitIds = units.Select(u => u.UnitId).ToList();
        var unitNames = await db.HandlingUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.Code, u.Name }, cancellationToken);
        var byUnit = units.Where(u => unitNames.ContainsKey(u.UnitId))
            .Select(u => new DashboardUnitRow(unitNames[u.UnitId].Code, unitNames[u.UnitId].Name, u.Assigned, u.OnTime, u.Answered, u.Days))
            .OrderByDescending(u => u.Assigned).ThenBy(u => u.Code, StringComparer.Ordinal)
            .ToList();

        var held = await scopes.ReceptionLogs(within).AsNoTracking()
            .Where(l => l.Date >= period.YearStart && l.Date <= period.MonthEnd)
            .Select(l => new { l.StationId, l.Date }).Distinct()
            .GroupBy(l => l.Date >= period.MonthStart)
            .Select(g => new { ThisMonth = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var (plannedMonth, plannedYear) = await PlannedDaysAsync(region.Id, stations.Where(s => s.IsActive).Select(s => s.Id).ToList(), period, cancellationToken);

        return new OfficeDashboardView(
            new RegionOption(region.Code, region.Name, region.Level),
            period,
            asOf,
            thisMonth,
            thisYear,
            trend,
            byCategory,
            byStation,
            byUnit,
            new DashboardReception(held.Where(h => h.ThisMonth).Sum(h => h.Count), plannedMonth),
            new DashboardReception(held.Sum(h => h.Count), plannedYear));
    }

    /// <summary>
    /// Reception days the active stations' rules plan in the month and in the year to its end. Working them out for a
    /// city's 540 stations over a year took half of the dashboard's time (30 ms of 55), and they change only with the
    /// rules, the calendar or the stations: kept per region and month until <see cref="DirectoryChanges"/> fires (or
    /// <see cref="PlannedDaysLifetime"/> has passed).
    /// </summary>
    private async Task<(int Month, int Year)> PlannedDaysAsync(int regionId, IReadOnlyCollection<int> activeStations, DashboardPeriod period, CancellationToken cancellationToken)
    {
        var key = (nameof(PlannedDaysAsync), regionId, period.Year, period.Month);
        if (cache.TryGetValue(key, out (int Month, int Year) known))
        {
            return known;
        }

        var watch = changes.Watch();
        var planned = await reception.DaysAsync(activeStations, period.YearStart, period.MonthEnd, cancellationToken);
        var days = planned.SelectMany(p => p.Value.Select(d => (p.Key, d.Date))).Distinct().ToList();
        var counts = (days.Count(d => d.Date >= period.MonthStart), days.Count);
        using (var entry = cache.CreateEntry(key))
        {
            entry.Value = counts;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = PlannedDaysLifetime;
            entry.AddExpirationToken(watch);
        }

        return counts;
    }

    /// <summary>One row of the rollup's sums: per month and category (<see cref="ByMonth"/>) or per station.</summary>
    private sealed class RollupSums
    {
        public DateOnly? Month { get; init; }

        public int? CategoryId { get; init; }

        public int? StationId { get; init; }

        public int Received { get; init; }

        public int InHandling { get; init; }

        public int Closed { get; init; }

        public int Assigned { get; init; }

        public int OnTime { get; init; }

        public int Rated { get; init; }

        public int Satisfied { get; init; }

        public bool ByMonth { get; init; }

        public DashboardCounts Counts => new(Received, InHandling, 0, Closed, Assigned, OnTime, Rated, Satisfied);
    }

    /// <summary>The first moment (UTC) of a China date.</summary>
    public static DateTimeOffset Start(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
}
