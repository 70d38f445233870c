using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Suggestions;

/// <summary>Which suggestions the figures count: one batch, one year (the batch's year), or both; none of them means all in the scope.</summary>
public sealed record FigureFilter(int? BatchId = null, int? Year = null);

/// <summary>
/// The exact counts behind the figures of a group of suggestions; every rate is computed from them (exact decimals, null
/// when the denominator is 0) and rounded only for display. Counts add up, so a total is the sum of its groups.
/// </summary>
/// <param name="Filed">立案: accepted or later (Accepted, Assigned, Replied, Closed); drafts, filed-but-not-reviewed, returned and converted ones are not counted.</param>
/// <param name="Replied">已答复: filed suggestions the lead unit has replied to at least once (in any round).</param>
/// <param name="OnTime">按时答复: the round-1 lead unit's reply (the first reply) was given on or before that round's deadline, both as China dates.</param>
/// <param name="GradeA">A 类 by the latest reply's grade (a second handling's grade replaces the first's).</param>
/// <param name="Evaluated">已评价: filed suggestions the deputy has rated at least once.</param>
/// <param name="Satisfied">满意, by the latest rating (a second round's rating replaces the first's).</param>
/// <param name="BasicallySatisfied">基本满意, by the latest rating.</param>
/// <param name="Unsatisfied">不满意, by the latest rating.</param>
public sealed record FigureCounts(int Filed, int Replied, int OnTime, int GradeA, int GradeB, int GradeC, int Evaluated, int Satisfied, int BasicallySatisfied, int Unsatisfied)
{
    public static FigureCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>按时答复率: on-time first replies over replied suggestions.</summary>
    public decimal? OnTimeRate => Rate(OnTime, Replied);

    public decimal? GradeAShare => Rate(GradeA, Replied);

    public decimal? GradeBShare => Rate(GradeB, Replied);

    public decimal? GradeCShare => Rate(GradeC, Replied);

    /// <summary>办成率: A over replied.</summary>
    public decimal? CompletionRate => GradeAShare;

    /// <summary>The second completion figure: A + B over replied.</summary>
    public decimal? CompletionOrPlannedRate => Rate(GradeA + GradeB, Replied);

    /// <summary>满意率: satisfied + basically satisfied over evaluated.</summary>
    public decimal? SatisfactionRate => Rate(Satisfied + BasicallySatisfied, Evaluated);

    /// <summary>满意率 − 办成率, in percentage points (the gap 000 asks to narrow); null when either rate is.</summary>
    public decimal? Gap => SatisfactionRate is { } satisfaction && CompletionRate is { } completion ? (satisfaction - completion) * 100m : null;

    public static FigureCounts operator +(FigureCounts left, FigureCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Filed + right.Filed, left.Replied + right.Replied, left.OnTime + right.OnTime, left.GradeA + right.GradeA, left.GradeB + right.GradeB,
            left.GradeC + right.GradeC, left.Evaluated + right.Evaluated, left.Satisfied + right.Satisfied, left.BasicallySatisfied + right.BasicallySatisfied,
            left.Unsatisfied + right.Unsatisfied);
    }

    public static FigureCounts Add(FigureCounts left, FigureCounts right) => left + right;

    /// <summary>An exact share (0–1), or null when there is nothing to divide by.</summary>
    public static decimal? Rate(int count, int of) => of == 0 ? null : (decimal)count / of;

    /// <summary>A share as a percentage for display, e.g. 0.909523… → "91.0%"; "—" when there is none.</summary>
    public static string Percent(decimal? rate) =>
        rate is { } r ? Math.Round(r * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Percentage points for display, signed, e.g. "+4.3"; "—" when there is none.</summary>
    public static string Points(decimal? points) =>
        points is { } p ? Math.Round(p, 1, MidpointRounding.AwayFromZero).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "—";
}

/// <summary>One row of a figure table: a batch, a lead unit or a category, with its counts.</summary>
/// <param name="Key">The batch id, unit code or category code the suggestion list filters by; null for "not assigned yet" / "no category".</param>
public sealed record FigureRow(string? Key, string Name, FigureCounts Counts);

/// <summary>The figures of a set of suggestions: the total, and the same counts by batch, by lead unit and by category.</summary>
public sealed record SuggestionFigureSet(FigureCounts Total, IReadOnlyList<FigureRow> ByBatch, IReadOnlyList<FigureRow> ByUnit, IReadOnlyList<FigureRow> ByCategory);

/// <summary>A batch as its page shows it: the header, how many suggestions are in each state, and the figures.</summary>
public sealed record BatchOverview(SuggestionBatch Batch, IReadOnlyDictionary<SuggestionState, int> ByState, int NotReplied, SuggestionFigureSet Figures);

/// <summary>A key suggestion (重点督办建议) for the yearly report: who supervises it and how far it got.</summary>
public sealed record KeySuggestionRow(string? Number, string Title, string DeputyName, string? LeadUnitName, string? KeyLeader, SuggestionState State, AnswerResult? Grade, Rating? Rating);

/// <summary>
/// 代表建议办理情况统计: counts per batch, lead unit and category, computed in PostgreSQL (one GROUP BY over batch × lead unit ×
/// category on left joins, rolled up here; the counts add up, so the roll-up is exact; about 50 ms for 10,000 suggestions),
/// always through the scope filter
/// (<see cref="ScopeDirectory.Suggestions"/>).
/// <para>
/// Definitions. 立案 (filed): the states Accepted, Assigned, Replied and Closed. The lead unit (主办单位) of a suggestion is the
/// unit of its round-1 lead assignment that was assigned (交办, not only proposed) and not sent back — a unit that sent it
/// back as not its business does not count; a second handling goes to the same units. Filed suggestions without such an
/// assignment (accepted, waiting for the assignment meeting) are grouped as "未交办". Replied: the lead unit replied at
/// least once. On time: the first reply (round 1's) on or before round 1's deadline, compared as China dates. Grades and
/// ratings: each suggestion's latest reply and latest rating (the second handling's replace the first's).
/// </para>
/// </summary>
public sealed class SuggestionFigures(ApplicationDbContext db, ScopeDirectory scopes)
{
    public const string NotAssignedName = "未交办";
    public const string NoCategoryName = "未分类";

    /// <summary>立案: accepted or later.</summary>
    public static readonly IReadOnlyList<SuggestionState> FiledStates = [SuggestionState.Accepted, SuggestionState.Assigned, SuggestionState.Replied, SuggestionState.Closed];

    private static readonly string[] CsvHeaders =
    [
        "分组", "名称", "立案数", "已答复", "按时答复", "按时答复率", "A类", "A类占比", "B类", "B类占比", "C类", "C类占比",
        "办成率(A)", "A+B", "已评价", "满意", "基本满意", "不满意", "满意率", "差距(百分点)",
    ];

    public async Task<SuggestionFigureSet> FiguresAsync(StaffScope scope, FigureFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var filed = FiledStates.ToArray();
        // One row per filed suggestion: its active lead assignment of each round (at most one each; a suggestion is
        // handled at most Suggestion.MaxRounds = 2 times) and its rating of each round, left-joined — no correlated
        // subqueries, so PostgreSQL hash-joins the four tables once.
        var facts =
            from s in Scoped(scope, filter).Where(s => filed.Contains(s.State))
            from first in db.SuggestionAssignments
                .Where(a => a.SuggestionId == s.Id && a.Round == 1 && a.IsLead && a.AssignedAt != null && a.SentBackAt == null).DefaultIfEmpty()
            from second in db.SuggestionAssignments
                .Where(a => a.SuggestionId == s.Id && a.Round == 2 && a.IsLead && a.AssignedAt != null && a.SentBackAt == null).DefaultIfEmpty()
            from rated1 in db.SuggestionEvaluations.Where(e => e.SuggestionId == s.Id && e.Round == 1).DefaultIfEmpty()
            from rated2 in db.SuggestionEvaluations.Where(e => e.SuggestionId == s.Id && e.Round == 2).DefaultIfEmpty()
            select new
            {
                s.BatchId,
                s.CategoryId,
                UnitId = first == null ? null : (int?)first.HandlingUnitId,
                Replied = (first != null && first.RepliedAt != null) || (second != null && second.RepliedAt != null),
                OnTime = first != null && first.RepliedAt != null && first.DueOn != null
                    && DateOnly.FromDateTime(first.RepliedAt.Value.UtcDateTime.AddHours(ChinaHours)) <= first.DueOn,
                Grade = second != null && second.RepliedAt != null ? second.Grade : first == null ? null : first.Grade,
                Rating = rated2 != null ? (Rating?)rated2.Rating : rated1 != null ? (Rating?)rated1.Rating : null,
            };
        var groups = await facts
            .GroupBy(f => new { f.BatchId, f.UnitId, f.CategoryId })
            .Select(g => new
            {
                g.Key.BatchId,
                g.Key.UnitId,
                g.Key.CategoryId,
                Filed = g.Count(),
                Replied = g.Sum(f => f.Replied ? 1 : 0),
                OnTime = g.Sum(f => f.OnTime ? 1 : 0),
                A = g.Sum(f => f.Grade == AnswerResult.Solved ? 1 : 0),
                B = g.Sum(f => f.Grade == AnswerResult.BeingSolved ? 1 : 0),
                C = g.Sum(f => f.Grade == AnswerResult.CannotSolve ? 1 : 0),
                Evaluated = g.Sum(f => f.Rating != null ? 1 : 0),
                Satisfied = g.Sum(f => f.Rating == Rating.Satisfied ? 1 : 0),
                Basically = g.Sum(f => f.Rating == Rating.BasicallySatisfied ? 1 : 0),
                Unsatisfied = g.Sum(f => f.Rating == Rating.Unsatisfied ? 1 : 0),
            })
            .ToListAsync(cancellationToken);
        var rows = groups.Select(g => (g.BatchId, g.UnitId, g.CategoryId,
            Counts: new FigureCounts(g.Filed, g.Replied, g.OnTime, g.A, g.B, g.C, g.Evaluated, g.Satisfied, g.Basically, g.Unsatisfied))).ToList();

        var batchIds = rows.Where(r => r.BatchId != null).Select(r => r.BatchId!.Value).Distinct().ToList();
        var unitIds = rows.Where(r => r.UnitId != null).Select(r => r.UnitId!.Value).Distinct().ToList();
        var categoryIds = rows.Where(r => r.CategoryId != null).Select(r => r.CategoryId!.Value).Distinct().ToList();
        var batches = await db.SuggestionBatches.AsNoTracking().Where(b => batchIds.Contains(b.Id))
            .Select(b => new { b.Id, b.Year, b.Name, b.OpensOn, Region = b.Region.Name }).ToListAsync(cancellationToken);
        var units = await db.HandlingUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).Select(c => new { c.Id, c.Code, c.Name, c.SortOrder }).ToListAsync(cancellationToken);
        var regions = batches.Select(b => b.Region).Distinct().Count();

        var byBatch = batches.OrderBy(b => b.OpensOn).ThenBy(b => b.Id)
            .Select(b => new FigureRow(b.Id.ToString(CultureInfo.InvariantCulture), (regions > 1 ? b.Region + " " : string.Empty) + $"{b.Year}年{b.Name}", Sum(rows.Where(r => r.BatchId == b.Id).Select(r => r.Counts))))
            .ToList();
        var byUnit = units.OrderBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => new FigureRow(u.Code, u.Name, Sum(rows.Where(r => r.UnitId == u.Id).Select(r => r.Counts))))
            .ToList();
        if (rows.Any(r => r.UnitId == null))
        {
            byUnit.Add(new FigureRow(null, NotAssignedName, Sum(rows.Where(r => r.UnitId == null).Select(r => r.Counts))));
        }

        var byCategory = categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new FigureRow(c.Code, c.Name, Sum(rows.Where(r => r.CategoryId == c.Id).Select(r => r.Counts))))
            .ToList();
        if (rows.Any(r => r.CategoryId == null))
        {
            byCategory.Add(new FigureRow(null, NoCategoryName, Sum(rows.Where(r => r.CategoryId == null).Select(r => r.Counts))));
        }

        return new SuggestionFigureSet(Sum(rows.Select(r => r.Counts)), byBatch, byUnit, byCategory);
    }

    /// <summary>The batch view: the batch (404 outside the scope: null), counts by state (drafts are never shown), and its figures.</summary>
    public async Task<BatchOverview?> BatchAsync(StaffScope scope, int batchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var batch = await db.SuggestionBatches.AsNoTracking().Include(b => b.Region)
            .Where(b => b.Id == batchId && (scope.Kind == ScopeKind.Everything || scopes.Regions(scope).Any(r => r.Id == b.RegionId)))
            .SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var filter = new FigureFilter(batchId);
        var states = await Scoped(scope, filter).GroupBy(s => s.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var figures = await FiguresAsync(scope, filter, cancellationToken);
        return new BatchOverview(batch, states.ToDictionary(s => s.Key, s => s.Count), figures.Total.Filed - figures.Total.Replied, figures);
    }

    /// <summary>The years that have batches in the scope, newest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(StaffScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return await db.SuggestionBatches.AsNoTracking()
            .Where(b => scope.Kind == ScopeKind.Everything || scopes.Regions(scope).Any(r => r.Id == b.RegionId))
            .Select(b => b.Year).Distinct().OrderByDescending(y => y).ToListAsync(cancellationToken);
    }

    /// <summary>The key suggestions (重点督办) among the filtered ones, with their supervising leaders, in number order.</summary>
    public async Task<IReadOnlyList<KeySuggestionRow>> KeySuggestionsAsync(StaffScope scope, FigureFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        return await Scoped(scope, filter)
            .Where(s => s.IsKey)
            .OrderBy(s => s.BatchId).ThenBy(s => s.Sequence).ThenBy(s => s.Id)
            .Select(s => new KeySuggestionRow(
                s.Number, s.Title, s.Deputy.Name,
                db.SuggestionAssignments.Where(a => a.SuggestionId == s.Id && a.IsLead && a.AssignedAt != null && a.SentBackAt == null)
                    .OrderByDescending(a => a.Round).Select(a => a.HandlingUnit.Name).FirstOrDefault(),
                s.KeyLeader, s.State,
                // A reply is never on a sent-back row; saying so lets PostgreSQL use the (partial) assignment index.
                db.SuggestionAssignments.Where(a => a.SuggestionId == s.Id && a.IsLead && a.SentBackAt == null && a.RepliedAt != null)
                    .OrderByDescending(a => a.Round).Select(a => a.Grade).FirstOrDefault(),
                db.SuggestionEvaluations.Where(e => e.SuggestionId == s.Id).OrderByDescending(e => e.Round).Select(e => (Rating?)e.Rating).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The figure tables as one CSV (UTF-8 with a BOM): a total row, then the rows by batch, by lead unit and by category.</summary>
    public static byte[] Csv(SuggestionFigureSet figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        IEnumerable<(string Group, FigureRow Row)> rows =
        [
            ("合计", new FigureRow(null, "合计", figures.Total)),
            .. figures.ByBatch.Select(r => ("批次", r)),
            .. figures.ByUnit.Select(r => ("主办单位", r)),
            .. figures.ByCategory.Select(r => ("类别", r)),
        ];
        return ImportLayout.Csv(CsvHeaders, rows.Select(r => (IReadOnlyList<string?>)Cells(r.Group, r.Row)));
    }

    /// <summary>China Standard Time has no daylight saving: a reply's China date is its UTC time plus eight hours.</summary>
    private static readonly double ChinaHours = ChinaTime.Offset.TotalHours;

    private static List<string?> Cells(string group, FigureRow row)
    {
        var c = row.Counts;
        return
        [
            group, row.Name, Number(c.Filed), Number(c.Replied), Number(c.OnTime), FigureCounts.Percent(c.OnTimeRate),
            Number(c.GradeA), FigureCounts.Percent(c.GradeAShare), Number(c.GradeB), FigureCounts.Percent(c.GradeBShare), Number(c.GradeC), FigureCounts.Percent(c.GradeCShare),
            FigureCounts.Percent(c.CompletionRate), FigureCounts.Percent(c.CompletionOrPlannedRate), Number(c.Evaluated), Number(c.Satisfied), Number(c.BasicallySatisfied),
            Number(c.Unsatisfied), FigureCounts.Percent(c.SatisfactionRate), FigureCounts.Points(c.Gap),
        ];
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static FigureCounts Sum(IEnumerable<FigureCounts> counts) => counts.Aggregate(FigureCounts.Zero, FigureCounts.Add);

    private IQueryable<Suggestion> Scoped(StaffScope scope, FigureFilter filter)
    {
        var rows = scopes.Suggestions(scope).AsNoTracking();
        if (filter.BatchId is { } batch)
        {
            rows = rows.Where(s => s.BatchId == batch);
        }

        if (filter.Year is { } year)
        {
            rows = rows.Where(s => s.Batch != null && s.Batch.Year == year);
        }

        return rows;
    }
}
