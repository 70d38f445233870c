using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LiaisonPortal.Core.Opinions;

/// <summary>What a queue of cases is filtered by; every part is optional.</summary>
public sealed record CaseFilter(
    OpinionState? State = null,
    string? CategoryCode = null,
    Grade? Grade = null,
    string? StationCode = null,
    string? DeputyCode = null,
    string? UnitCode = null,
    OpinionChannel? Channel = null,
    bool? Overdue = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Text = null,
    SupervisionLevel? Supervision = null,
    bool? LeaderAttention = null,
    CaseStage? Stage = null,
    bool? FirstLead = null,
    string? RegionCode = null);

/// <summary>A group of states a list can be narrowed to (the dashboard's figures link to them).</summary>
public enum CaseStage
{
    /// <summary>办理中: received, classified, assigned, answered or fed back.</summary>
    Open = 1,

    /// <summary>Every case except those merged into another (duplicates): what the figures count as received.</summary>
    Counted = 2,
}

public sealed record CaseRow(
    string Code, string Title, OpinionState State, OpinionChannel Channel, DateTimeOffset ReceivedAt, string StationName, string? DeputyName,
    string? CategoryName, Grade? Grade, string? LeadUnitName, DateOnly? AnswerDueOn, DateOnly FeedbackDueOn, bool IsOverdue,
    SupervisionLevel Supervision, int HandlingRound, bool LeaderAttention);

/// <summary>One page of a queue, newest first; <see cref="After"/> asks for the next page (keyset: no OFFSET, fast at any depth).</summary>
public sealed record CasePage(IReadOnlyList<CaseRow> Items, string? After);

/// <summary>The workbench's queues and counts, always through the scope filter.</summary>
public sealed class CaseLists(ApplicationDbContext db, ScopeDirectory scopes, IMemoryCache cache)
{
    /// <summary>How long the verdict "this filter can be counted" is kept for a scope and filter (see <see cref="CountByStateAsync"/>).</summary>
    public static readonly TimeSpan CountVerdictLifetime = TimeSpan.FromMinutes(10);

    public const int MaxPageSize = 100;

    /// <summary>
    /// The queue's counts by state are exact up to this many; above it a count is <c>CountCap + 1</c>, shown as "1000+".
    /// A city's queue holds a million closed cases: counting them all took 2 s a page (EXPLAIN ANALYZE at 1,000,000
    /// opinions); counting each state up to 10,000 took 12-17 ms, up to 1,000 under 1 ms. A pill that says "1000+"
    /// tells staff what they act on (a lot is waiting); the dashboard has the exact figures.
    /// </summary>
    public const int CountCap = 1_000;

    public async Task<CasePage> ListAsync(StaffScope scope, CaseFilter filter, string? after, int size = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        size = Math.Clamp(size, 1, MaxPageSize);
        var cases = Filtered(await scopes.OpinionsAsync(scope, cancellationToken), filter);
        if (Cursor(after) is { } cursor)
        {
            // A row-value comparison, (ReceivedAt, Id) < (at, id), so PostgreSQL seeks in the (ReceivedAt, Id) index.
            cases = cases.Where(o => EF.Functions.LessThan(ValueTuple.Create(o.ReceivedAt, o.Id), ValueTuple.Create(cursor.At, cursor.Id)));
        }

        var rows = await cases
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id)
            .Take(size + 1)
            .Select(o => new
            {
                o.Id,
                Row = new CaseRow(
                    o.TrackingCode, o.Title, o.State, o.Channel, o.ReceivedAt, o.Station.Name, o.Deputy == null ? null : o.Deputy.Name,
                    o.Category == null ? null : o.Category.Name, o.Grade,
                    db.OpinionAssignments.Where(a => a.OpinionId == o.Id && a.IsLead).OrderByDescending(a => a.Round).Select(a => a.HandlingUnit.Name).FirstOrDefault(),
                    o.AnswerDueOn, o.FeedbackDueOn, o.IsOverdue, o.Supervision, o.HandlingRound, o.LeaderAttention),
            })
            .ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? CursorOf(page[^1].Row.ReceivedAt, page[^1].Id) : null;
        return new CasePage(page.Select(r => r.Row).ToList(), next);
    }

    /// <summary>
    /// Every case the filter leaves (not one page), newest first, read one at a time from the database: what the
    /// queue's export writes. No tracking, no buffering, so 100,000 rows never sit in memory together.
    /// </summary>
    public IAsyncEnumerable<CaseRow> AllAsync(StaffScope scope, CaseFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Filtered(scopes.Opinions(scope), filter)
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id)
            .Select(o => new CaseRow(
                o.TrackingCode, o.Title, o.State, o.Channel, o.ReceivedAt, o.Station.Name, o.Deputy == null ? null : o.Deputy.Name,
                o.Category == null ? null : o.Category.Name, o.Grade,
                db.OpinionAssignments.Where(a => a.OpinionId == o.Id && a.IsLead).OrderByDescending(a => a.Round).Select(a => a.HandlingUnit.Name).FirstOrDefault(),
                o.AnswerDueOn, o.FeedbackDueOn, o.IsOverdue, o.Supervision, o.HandlingRound, o.LeaderAttention))
            .AsAsyncEnumerable();
    }

    /// <summary>
    /// How many cases of each state the filter leaves (the state itself is not filtered here), each counted up to
    /// <see cref="CountCap"/> + 1: one query, a capped count per state (UNION ALL of LIMITs), so a state with a million
    /// cases costs no more than one with ten thousand. A filter that leaves a large share of a city's cases spread thinly
    /// (a unit, a parent category, a word of the text) cannot be counted that way: when PostgreSQL's own estimate of the
    /// count (EXPLAIN, no execution) is above <see cref="CountCostLimit"/> the answer is null and the queue shows its
    /// states without numbers, so the list is not held up. The estimate, unlike a timeout, does not depend on how busy
    /// the machine is.
    /// </summary>
    public async Task<IReadOnlyDictionary<OpinionState, int>?> CountByStateAsync(StaffScope scope, CaseFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var cases = Filtered(await scopes.OpinionsAsync(scope, cancellationToken), filter with { State = null });
        IQueryable<OpinionState>? capped = null;
        foreach (var state in Enum.GetValues<OpinionState>())
        {
            var one = cases.Where(o => o.State == state).Take(CountCap + 1).Select(o => o.State);
            capped = capped is null ? one : capped.Concat(one);
        }

        var counts = capped!.GroupBy(s => s).Select(g => new { g.Key, Count = g.Count() });
        // Planning the estimate costs as much as the count itself (20 ms for a city's ten states), and staff page
        // through one filter: the verdict is kept for the scope and filter a while.
        var key = (nameof(CountByStateAsync), scope, filter with { State = null });
        if (!cache.TryGetValue(key, out bool countable))
        {
            countable = await EstimatedCostAsync(counts, cancellationToken) <= CountCostLimit;
            cache.Set(key, countable, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CountVerdictLifetime });
        }

        if (!countable)
        {
            return null;
        }

        return await counts.ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL's estimated cost (its planner units) above which the queue's counts are not taken. At 1,000,000
    /// opinions (EXPLAIN ANALYZE): a city's unfiltered counts are estimated well under it and run in about 1 ms; a unit's
    /// or a parent category's far above it, and took 300-2,400 ms.
    /// </summary>
    public const double CountCostLimit = 20_000;

    private async Task<double> EstimatedCostAsync<T>(IQueryable<T> query, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = query.CreateDbCommand();
#pragma warning disable CA2100 // The text is EF's own parameterized SQL for the query, with EXPLAIN in front.
            command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
#pragma warning restore CA2100
            var plan = (string?)await command.ExecuteScalarAsync(cancellationToken);
            using var json = System.Text.Json.JsonDocument.Parse(plan ?? "[]");
            return json.RootElement.GetArrayLength() == 0 ? 0 : json.RootElement[0].GetProperty("Plan").GetProperty("Total Cost").GetDouble();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private IQueryable<Opinion> Filtered(IQueryable<Opinion> scoped, CaseFilter filter)
    {
        var cases = scoped.AsNoTracking();
        if (filter.State is { } state)
        {
            cases = cases.Where(o => o.State == state);
        }

        if (!string.IsNullOrWhiteSpace(filter.CategoryCode))
        {
            cases = cases.Where(o => o.Category != null && (o.Category.Code == filter.CategoryCode || (o.Category.Parent != null && o.Category.Parent.Code == filter.CategoryCode)));
        }

        if (filter.Grade is { } grade)
        {
            cases = cases.Where(o => o.Grade == grade);
        }

        if (!string.IsNullOrWhiteSpace(filter.StationCode))
        {
            cases = cases.Where(o => o.Station.Code == filter.StationCode);
        }

        if (!string.IsNullOrWhiteSpace(filter.DeputyCode))
        {
            cases = cases.Where(o => o.Deputy != null && o.Deputy.Code == filter.DeputyCode);
        }

        if (!string.IsNullOrWhiteSpace(filter.UnitCode))
        {
            cases = filter.FirstLead is true
                // The unit as the round-1 lead (主办) only: whose on-time answers the figures count.
                ? cases.Where(o => db.OpinionAssignments.Any(a => a.OpinionId == o.Id && a.Round == 1 && a.IsLead && a.HandlingUnit.Code == filter.UnitCode))
                : cases.Where(o => db.OpinionAssignments.Any(a => a.OpinionId == o.Id && a.HandlingUnit.Code == filter.UnitCode));
        }

        if (!string.IsNullOrWhiteSpace(filter.RegionCode))
        {
            // A region's subtree (its path is a prefix of theirs), inside the scope like everything else.
            cases = cases.Where(o => db.Regions.Any(r => r.Code == filter.RegionCode && o.Station.Region.Path.StartsWith(r.Path)));
        }

        if (filter.Stage == CaseStage.Open)
        {
            cases = cases.Where(o => o.State == OpinionState.Received || o.State == OpinionState.Classified || o.State == OpinionState.Assigned
                || o.State == OpinionState.Answered || o.State == OpinionState.FedBack);
        }
        else if (filter.Stage == CaseStage.Counted)
        {
            cases = cases.Where(o => o.State != OpinionState.Merged);
        }

        if (filter.Channel is { } channel)
        {
            cases = cases.Where(o => o.Channel == channel);
        }

        if (filter.Overdue is { } overdue)
        {
            cases = cases.Where(o => o.IsOverdue == overdue);
        }

        if (filter.Supervision is { } level)
        {
            cases = cases.Where(o => o.Supervision == level);
        }

        if (filter.LeaderAttention is { } leader)
        {
            cases = cases.Where(o => o.LeaderAttention == leader);
        }

        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Calendar.ChinaTime.Offset).ToUniversalTime();
            cases = cases.Where(o => o.ReceivedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Calendar.ChinaTime.Offset).ToUniversalTime();
            cases = cases.Where(o => o.ReceivedAt < end);
        }

        if (SearchPatterns.Contains(filter.Text, 50) is { } pattern)
        {
            var code = TrackingCodes.Normalize(filter.Text);
            cases = cases.Where(o => o.TrackingCode == code || EF.Functions.ILike(o.Title, pattern, "\\") || EF.Functions.ILike(o.Content, pattern, "\\"));
        }

        return cases;
    }

    private static string CursorOf(DateTimeOffset at, int id) =>
        at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "_" + id.ToString(CultureInfo.InvariantCulture);

    private static (DateTimeOffset At, int Id)? Cursor(string? after)
    {
        var parts = after?.Split('_');
        return parts is [var ticks, var id]
            && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t) && t >= 0 && t <= DateTimeOffset.MaxValue.UtcTicks
            && int.TryParse(id, CultureInfo.InvariantCulture, out var i)
            ? (new DateTimeOffset(t, TimeSpan.Zero), i)
            : null;
    }
}
