using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LiaisonPortal.Core.Dashboard;

/// <summary>A station's month (China time): the unit the dashboard's rollups are kept and refreshed in.</summary>
public readonly record struct DashboardKey(int StationId, DateOnly Month)
{
    public static DashboardKey Of(int stationId, DateTimeOffset receivedAt)
    {
        var china = ChinaTime.Of(receivedAt);
        return new DashboardKey(stationId, new DateOnly(china.Year, china.Month, 1));
    }
}

/// <summary>
/// Keeps the dashboard's rollups (<see cref="DashboardMonth"/>, <see cref="DashboardUnitMonth"/>) equal to the opinions.
/// A refresh never adds or subtracts: it recounts a station's month from the opinions, their round-1 lead assignments and
/// their latest ratings, and replaces that month's rows, so it is right whatever happened before. Every save that touches
/// an opinion, an assignment or a rating marks the months it touched in the same transaction (<see cref="DashboardInterceptor"/>);
/// <see cref="CatchUpAsync"/> recounts the marked months under an advisory lock per station-month taken before the recount
/// reads, so the last recount of a month sees every change committed before it. <see cref="RebuildAsync"/> recounts everything (after a bulk load,
/// or a holiday-calendar change, which moves working days).
/// </summary>
public sealed class DashboardRollups(ApplicationDbContext db, WorkingDayCalendar calendar, TimeProvider time)
{
    /// <summary>Answers are counted in working days up to this far past today (the calendar arrays' end).</summary>
    public const int CalendarDaysAhead = 400;

    private const long LockBase = 0x44_42_00_00_00_00L;

    private static readonly string ChinaReceived = "((o.\"ReceivedAt\" AT TIME ZONE 'UTC') + interval '8 hours')";
    private static readonly string ChinaAssigned = "((a.\"AssignedAt\" AT TIME ZONE 'UTC') + interval '8 hours')::date";
    private static readonly string ChinaAnswered = "((a.\"AnsweredAt\" AT TIME ZONE 'UTC') + interval '8 hours')::date";
    private static readonly string OnTime = $"{ChinaAnswered} <= a.\"AnswerDueOn\"";
    private static readonly string Open = string.Join(", ", new[] { OpinionState.Received, OpinionState.Classified, OpinionState.Assigned, OpinionState.Answered, OpinionState.FedBack }
        .Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));

    private static readonly string Counted = FormattableString.Invariant($"o.\"State\" <> {(int)OpinionState.Merged}");

    private static readonly string MonthsSql = FormattableString.Invariant($"""
        INSERT INTO "DashboardMonths" ("StationId", "Month", "CategoryId", "Received", "InHandling", "Closed", "Assigned", "OnTime", "Rated", "Satisfied")
        SELECT o."StationId", date_trunc('month', {ChinaReceived})::date, coalesce(o."CategoryId", 0), count(*),
               count(*) FILTER (WHERE o."State" IN ({Open})), count(*) FILTER (WHERE o."State" = {(int)OpinionState.Closed}),
               count(a."Id"), count(*) FILTER (WHERE {OnTime}),
               count(e."Rating"), count(*) FILTER (WHERE e."Rating" IN ({(int)Rating.Satisfied}, {(int)Rating.BasicallySatisfied}))
        FROM "Opinions" o
        LEFT JOIN "OpinionAssignments" a ON a."OpinionId" = o."Id" AND a."Round" = 1 AND a."IsLead"
        LEFT JOIN LATERAL (SELECT e."Rating" FROM "OpinionEvaluations" e WHERE e."OpinionId" = o."Id"
                           ORDER BY e."Round" DESC, e."At" DESC LIMIT 1) e ON true
        WHERE {Counted} /*filter*/
        GROUP BY 1, 2, 3
        """);

    private static readonly string UnitsSql = FormattableString.Invariant($"""
        INSERT INTO "DashboardUnitMonths" ("StationId", "Month", "HandlingUnitId", "Assigned", "OnTime", "Answered", "AnswerWorkingDays")
        SELECT o."StationId", date_trunc('month', {ChinaReceived})::date, a."HandlingUnitId", count(*),
               count(*) FILTER (WHERE {OnTime}), count(a."AnsweredAt"), coalesce(sum(answered.n - assigned.n), 0)
        FROM "Opinions" o
        JOIN "OpinionAssignments" a ON a."OpinionId" = o."Id" AND a."Round" = 1 AND a."IsLead"
        LEFT JOIN unnest(@days, @counted) AS assigned(d, n) ON assigned.d = {ChinaAssigned}
        LEFT JOIN unnest(@days, @counted) AS answered(d, n) ON answered.d = {ChinaAnswered}
        WHERE {Counted} /*filter*/
        GROUP BY 1, 2, 3
        """);

    private const string KeyFilter = "AND o.\"StationId\" = @station AND o.\"ReceivedAt\" >= @from AND o.\"ReceivedAt\" < @until";

    /// <summary>One station-month: its rows replaced by a recount of its opinions (the same counting as the rebuild's).</summary>
    private static readonly string RefreshSql =
        "DELETE FROM \"DashboardMonths\" WHERE \"StationId\" = @station AND \"Month\" = @month; " +
        "DELETE FROM \"DashboardUnitMonths\" WHERE \"StationId\" = @station AND \"Month\" = @month; " +
        MonthsSql.Replace("/*filter*/", KeyFilter, StringComparison.Ordinal) + "; " +
        UnitsSql.Replace("/*filter*/", KeyFilter, StringComparison.Ordinal);

    /// <summary>Recounts these station-months (each once, in a fixed order so two refreshes never wait on each other in a circle).</summary>
    public async Task RefreshAsync(IEnumerable<DashboardKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ordered = keys.Distinct().OrderBy(k => k.StationId).ThenBy(k => k.Month).ToList();
        if (ordered.Count == 0)
        {
            return;
        }

        var (days, counted) = await CalendarAsync(ordered.Min(k => k.Month), cancellationToken);
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            foreach (var key in ordered)
            {
                var from = new DateTimeOffset(key.Month.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
                // The lock is its own statement, so the recount's statements take their snapshots after it is granted.
                await db.Database.ExecuteSqlRawAsync(
                    "SELECT pg_advisory_xact_lock(@lock)", [new NpgsqlParameter("lock", LockBase + key.StationId * 1_000_000L + key.Month.Year * 12L + key.Month.Month)], cancellationToken);
                await db.Database.ExecuteSqlRawAsync(
                    RefreshSql,
                    [
                        new NpgsqlParameter("station", key.StationId), new NpgsqlParameter("month", key.Month),
                        new NpgsqlParameter("from", from), new NpgsqlParameter("until", from.AddMonths(1)),
                        Days(days), Counts(counted),
                    ],
                    cancellationToken);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The station-months of these opinions (as the database has them now).</summary>
    public async Task<IReadOnlyList<DashboardKey>> KeysOfAsync(IReadOnlyCollection<int> opinionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opinionIds);
        if (opinionIds.Count == 0)
        {
            return [];
        }

        var ids = opinionIds.Distinct().ToArray();
        var rows = await db.Opinions.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.StationId, o.ReceivedAt }).ToListAsync(cancellationToken);
        return rows.Select(r => DashboardKey.Of(r.StationId, r.ReceivedAt)).Distinct().ToList();
    }

    /// <summary>How many marks one catch-up pass takes at most.</summary>
    public const int CatchUpBatch = 5000;

    /// <summary>
    /// Recounts the station-months marked dirty (<see cref="DashboardDirtyMonth"/>), each once, and removes their marks in
    /// the same transaction: a failed pass leaves the marks for the next. Marks are taken with SKIP LOCKED, so several
    /// instances can run it at once. Returns the marks consumed (0: the rollups were up to date).
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var consumed = 0;
        int taken;
        do
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var marks = await db.Set<DashboardDirtyMonth>()
                .FromSqlRaw(FormattableString.Invariant($"""
                    DELETE FROM "DashboardDirtyMonths" WHERE "Id" IN
                        (SELECT "Id" FROM "DashboardDirtyMonths" ORDER BY "Id" LIMIT {CatchUpBatch} FOR UPDATE SKIP LOCKED)
                    RETURNING *
                    """))
                .AsNoTracking().ToListAsync(cancellationToken);
            taken = marks.Count;
            var keys = marks.Select(m => new DashboardKey(m.StationId, m.Month)).ToHashSet();
            if (keys.Remove(DashboardInterceptor.Rebuild))
            {
                await RebuildInTransactionAsync(cancellationToken);
            }
            else
            {
                await RefreshAsync(keys, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            consumed += taken;
        }
        while (taken == CatchUpBatch && !cancellationToken.IsCancellationRequested);

        return consumed;
    }

    /// <summary>Marks not yet caught up (what the dashboard may still be missing).</summary>
    public Task<int> PendingAsync(CancellationToken cancellationToken = default) => db.Set<DashboardDirtyMonth>().CountAsync(cancellationToken);

    /// <summary>
    /// Recounts everything from the opinions, in one transaction that shuts refreshes out until it commits (they then
    /// recount their months again, on top of the rebuilt rows). Returns the rows written.
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var written = await RebuildInTransactionAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private async Task<int> RebuildInTransactionAsync(CancellationToken cancellationToken)
    {
        var first = await db.Opinions.MinAsync(o => (DateTimeOffset?)o.ReceivedAt, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            "LOCK TABLE \"DashboardMonths\", \"DashboardUnitMonths\" IN EXCLUSIVE MODE; DELETE FROM \"DashboardMonths\"; DELETE FROM \"DashboardUnitMonths\"",
            cancellationToken);
        var written = 0;
        if (first is { } at)
        {
            var (days, counted) = await CalendarAsync(DashboardKey.Of(0, at).Month, cancellationToken);
            written += await db.Database.ExecuteSqlRawAsync(MonthsSql, cancellationToken);
            written += await db.Database.ExecuteSqlRawAsync(UnitsSql, [Days(days), Counts(counted)], cancellationToken);
        }

        return written;
    }

    /// <summary>
    /// Every date from <paramref name="from"/> to well past today with how many working days lie after
    /// <paramref name="from"/> up to it, from the one working-day calculator: the working days between two dates are the
    /// difference of their numbers.
    /// </summary>
    private async Task<(DateOnly[] Days, int[] Counted)> CalendarAsync(DateOnly from, CancellationToken cancellationToken)
    {
        var to = ChinaTime.Today(time).AddDays(CalendarDaysAhead);
        if (to < from)
        {
            to = from.AddDays(CalendarDaysAhead);
        }

        var rules = await calendar.RulesForAsync(from, to, cancellationToken);
        var length = to.DayNumber - from.DayNumber + 1;
        var days = new DateOnly[length];
        var counted = new int[length];
        for (var i = 0; i < length; i++)
        {
            days[i] = from.AddDays(i);
            counted[i] = i == 0 ? 0 : counted[i - 1] + (rules.IsWorkingDay(days[i]) ? 1 : 0);
        }

        return (days, counted);
    }

    private static NpgsqlParameter Days(DateOnly[] days) => new("days", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = days };

    private static NpgsqlParameter Counts(int[] counted) => new("counted", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = counted };
}
