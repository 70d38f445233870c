using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Analysis;

/// <summary>A report in the list: its region and month, state, and who published it.</summary>
public sealed record AnalysisReportRow(
    int Id, string RegionCode, string RegionName, DateOnly Month, AnalysisReportState State, DateTimeOffset GeneratedAt, DateTimeOffset? PublishedAt, string? PublishedByName);

/// <summary>A report as its page shows it: the frozen figures, the commentary, the state and the row version for the next save.</summary>
public sealed record AnalysisReportView(
    int Id, string RegionCode, string RegionName, DateOnly Month, AnalysisReportState State, AnalysisFigures Figures, DateTimeOffset GeneratedAt,
    string? Commentary, DateTimeOffset? PublishedAt, string? PublishedByName, DateTimeOffset UpdatedAt, uint Version);

/// <summary>
/// 民情民意数据分析报告: a region's month of opinions as figures (totals, top categories and their change, hot topics,
/// places with repeated complaints, units with overdue cases), kept as a JSON snapshot on
/// <see cref="OpinionAnalysisReport"/>, with the staff's commentary, published internally.
/// <para>
/// The month's opinions are those received in the calendar month in China time at stations in the region's subtree —
/// through <see cref="ScopeDirectory.Opinions"/>, the one scope filter — except duplicates merged into another. Counts
/// are GROUP BY queries in PostgreSQL; the texts are read once, streamed (<c>AsAsyncEnumerable</c>), for the hot topics
/// (<see cref="HotTopicCounter"/>) and the repeated complaints; then the previous <see cref="BaselineMonths"/> months'
/// texts (at most <see cref="BaselineMaxOpinions"/>, newest first) are read once more, counting only the month's
/// candidate terms, as the baseline that makes words every month has drop out. Working days past a deadline come from
/// the <see cref="WorkingDayCalendar"/>.
/// </para>
/// <para>
/// Lifecycle: generating makes a draft, or recomputes the draft's figures (the commentary stays); a published report is
/// frozen — neither regenerated nor edited, and not unpublished. The unique (region, month) index settles two staff
/// generating at once; the row's xmin settles concurrent saves. Congress-office staff work on the regions in their scope,
/// an administrator on any; another region's report is not found.
/// </para>
/// </summary>
public sealed class OpinionAnalysis(ApplicationDbContext db, ScopeDirectory scopes, WorkingDayCalendar calendar, TimeProvider time)
{
    /// <summary>The same category at the same station this many times in a month is a repeated complaint.</summary>
    public const int RepeatThreshold = 3;

    public const int BaselineMonths = 3;

    public const int BaselineMaxOpinions = 20_000;

    /// <summary>How many opinions of one station and category are compared pairwise for near-duplicates (the earliest).</summary>
    public const int SimilarCompared = 60;

    public const int TopStations = 10;

    public const int MaxRepeated = 20;

    public const int FirstYear = 2000;

    public const string ChangedMessage = "保存失败：这份报告刚被其他人修改过（评述、重新生成或发布）。请重新打开报告，看过最新内容后再操作。";

    public const string PublishedMessage = "这份报告已发布，内容已冻结，不能再修改评述或重新生成。";

    private const int NoCategory = -1;

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>The first day of this month (China time): the latest month a report may cover.</summary>
    public DateOnly ThisMonth => new(Today.Year, Today.Month, 1);

    /// <summary>"2026-05" (the browser's month input) as the month's first day.</summary>
    public static DateOnly? ParseMonth(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    public async Task<Page<AnalysisReportRow>> ListAsync(StaffScope scope, string? regionCode, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(page);
        var reports = InScope(scope).AsNoTracking();
        if (regionCode?.Trim() is { Length: > 0 } code)
        {
            reports = reports.Where(r => r.Region.Code == code);
        }

        return await reports
            .OrderByDescending(r => r.Month).ThenBy(r => r.Region.Path).ThenBy(r => r.Id)
            .Select(r => new AnalysisReportRow(r.Id, r.Region.Code, r.Region.Name, r.Month, r.State, r.GeneratedAt, r.PublishedAt, r.PublishedByName))
            .ToPageAsync(page, cancellationToken);
    }

    /// <summary>The report, or null when there is none in the scope.</summary>
    public async Task<AnalysisReportView?> GetAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var row = await InScope(scope).AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Id, r.Region.Code, r.Region.Name, r.Month, r.State, r.Figures, r.GeneratedAt, r.Commentary, r.PublishedAt, r.PublishedByName, r.UpdatedAt, r.Version })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null || AnalysisFigures.FromJson(row.Figures) is not { } figures
            ? null
            : new AnalysisReportView(row.Id, row.Code, row.Name, row.Month, row.State, figures, row.GeneratedAt, row.Commentary, row.PublishedAt, row.PublishedByName, row.UpdatedAt, row.Version);
    }

    /// <summary>
    /// Makes the region's report of the month, or recomputes its draft; <see cref="EditResult.Code"/> carries the report's
    /// id. Refused: a region outside the scope, a month in the future, a published report (409).
    /// </summary>
    public async Task<EditResult> GenerateAsync(StaffScope scope, string? regionCode, DateOnly? month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new List<FieldError>();
        var code = regionCode?.Trim();
        var region = string.IsNullOrEmpty(code)
            ? null
            : await scopes.Regions(scope).AsNoTracking().Where(r => r.Code == code).Select(r => new { r.Id, r.Code, r.Name }).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(new("RegionCode", "请选择区域。"));
        }
        else if (region is null)
        {
            errors.Add(new("RegionCode", $"区划 {code} 不存在或不在您的管理范围内。"));
        }

        var first = month is { } m ? new DateOnly(m.Year, m.Month, 1) : default;
        if (month is null)
        {
            errors.Add(new("Month", "请选择月份。"));
        }
        else if (first > ThisMonth)
        {
            errors.Add(new("Month", $"不能生成未来月份的报告：{first.Year}年{first.Month}月还没有到。"));
        }
        else if (first.Year < FirstYear)
        {
            errors.Add(new("Month", $"请选择 {FirstYear} 年以后的月份。"));
        }

        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        if (await db.OpinionAnalysisReports.AnyAsync(r => r.RegionId == region!.Id && r.Month == first && r.State == AnalysisReportState.Published, cancellationToken))
        {
            return EditResult.Conflict($"{region!.Name}{first.Year}年{first.Month}月的报告已发布，不能重新生成。");
        }

        var figures = await ComputeAsync(region!.Id, region.Code, region.Name, first, cancellationToken);
        var json = figures.ToJson();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = time.GetUtcNow();
            var report = await db.OpinionAnalysisReports.SingleOrDefaultAsync(r => r.RegionId == region.Id && r.Month == first, cancellationToken);
            if (report is null)
            {
                report = new OpinionAnalysisReport(region.Id, first, json, now);
                db.OpinionAnalysisReports.Add(report);
            }
            else if (report.State == AnalysisReportState.Published)
            {
                return EditResult.Conflict($"{region.Name}{first.Year}年{first.Month}月的报告已发布，不能重新生成。");
            }
            else
            {
                report.Figures = json;
                report.GeneratedAt = now;
                report.UpdatedAt = now;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return EditResult.Done(report.Id.ToString(CultureInfo.InvariantCulture));
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone saved the same draft at the same moment: if it is still a draft, it was just regenerated (or
                // its commentary saved) and its figures are as fresh as ours; if it was published, it stays as it is.
                db.ChangeTracker.Clear();
                var id = report.Id;
                var state = await db.OpinionAnalysisReports.AsNoTracking().Where(r => r.Id == id).Select(r => (AnalysisReportState?)r.State).SingleOrDefaultAsync(cancellationToken);
                return state == AnalysisReportState.Draft
                    ? EditResult.Done(id.ToString(CultureInfo.InvariantCulture))
                    : EditResult.Conflict($"{region.Name}{first.Year}年{first.Month}月的报告已发布，不能重新生成。");
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Someone made the same report at the same moment: read it again and regenerate that one.
                db.ChangeTracker.Clear();
            }
        }

        return EditResult.Conflict(ChangedMessage);
    }

    /// <summary>Recomputes a draft's figures (the commentary stays).</summary>
    public async Task<EditResult> RegenerateAsync(StaffScope scope, int id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var report = await InScope(scope).AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Region.Code, r.Month, r.State }).SingleOrDefaultAsync(cancellationToken);
        if (report is null)
        {
            return EditResult.NotFound;
        }

        return report.State == AnalysisReportState.Published
            ? EditResult.Conflict(PublishedMessage)
            : await GenerateAsync(scope, report.Code, report.Month, cancellationToken);
    }

    /// <summary>Saves a draft's commentary, if nobody saved the report since <paramref name="version"/> was read.</summary>
    public async Task<EditResult> SaveCommentaryAsync(StaffScope scope, int id, uint? version, string? commentary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var text = commentary?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? string.Empty;
        if (text.Length > OpinionAnalysisReport.CommentaryMaxLength)
        {
            return EditResult.Invalid("Commentary", $"评述不能超过 {OpinionAnalysisReport.CommentaryMaxLength} 字（现在 {text.Length} 字），请删减后再保存。");
        }

        return await ChangeAsync(scope, id, version, report =>
        {
            report.Commentary = text.Length == 0 ? null : text;
        }, cancellationToken);
    }

    /// <summary>Publishes a draft internally: the figures and commentary are frozen; who and when are recorded.</summary>
    public async Task<EditResult> PublishAsync(StaffScope scope, int id, uint? version, string? actorId, string actorName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(actorName);
        var now = time.GetUtcNow();
        return await ChangeAsync(scope, id, version, report =>
        {
            report.State = AnalysisReportState.Published;
            report.PublishedAt = now;
            report.PublishedById = actorId;
            report.PublishedByName = actorName.Length > 200 ? actorName[..200] : actorName;
        }, cancellationToken);
    }

    /// <summary>
    /// The figures of a region's month (see the class summary for what is counted), as of today. Public so the timing
    /// test can measure it alone.
    /// </summary>
    public async Task<AnalysisFigures> ComputeAsync(int regionId, string regionCode, string regionName, DateOnly month, CancellationToken cancellationToken = default)
    {
        var today = Today;
        var first = new DateOnly(month.Year, month.Month, 1);
        var regionScope = StaffScope.ForRegion(regionId);

        IQueryable<Opinion> Received(DateOnly from, int months)
        {
            var start = Utc(from);
            var end = Utc(from.AddMonths(months));
            return scopes.Opinions(regionScope).AsNoTracking().Where(o => o.ReceivedAt >= start && o.ReceivedAt < end && o.State != OpinionState.Merged);
        }

        var monthly = Received(first, 1);

        // Totals, one GROUP BY by channel; the satisfaction rate by each opinion's latest evaluation, as on /open.
        var byChannel = await monthly
            .Select(o => new
            {
                o.Channel,
                o.State,
                o.IsOverdue,
                Rating = db.OpinionEvaluations.Where(e => e.OpinionId == o.Id).OrderByDescending(e => e.Round).ThenByDescending(e => e.At)
                    .Select(e => (Rating?)e.Rating).FirstOrDefault(),
            })
            .GroupBy(f => f.Channel)
            .Select(g => new
            {
                Channel = g.Key,
                Received = g.Count(),
                Closed = g.Sum(f => f.State == OpinionState.Closed ? 1 : 0),
                Refused = g.Sum(f => f.State == OpinionState.Refused ? 1 : 0),
                Overdue = g.Sum(f => f.IsOverdue ? 1 : 0),
                Rated = g.Sum(f => f.Rating != null ? 1 : 0),
                Satisfied = g.Sum(f => f.Rating == Rating.Satisfied || f.Rating == Rating.BasicallySatisfied ? 1 : 0),
            })
            .ToListAsync(cancellationToken);
        var totals = new AnalysisTotals(
            byChannel.Sum(c => c.Received), byChannel.Sum(c => c.Closed), byChannel.Sum(c => c.Refused), byChannel.Sum(c => c.Overdue),
            byChannel.Sum(c => c.Rated), byChannel.Sum(c => c.Satisfied));

        // Top-level categories this month, the month before and the same month last year.
        var current = await ByCategoryAsync(monthly, cancellationToken);
        var previous = await ByCategoryAsync(Received(first.AddMonths(-1), 1), cancellationToken);
        var lastYear = await ByCategoryAsync(Received(first.AddYears(-1), 1), cancellationToken);
        var lastYearTotal = lastYear.Values.Sum();
        var categoryIds = current.Keys.Concat(previous.Keys).Where(k => k != NoCategory).Distinct().ToList();
        var categories = await db.Categories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => new { c.Code, c.Name, c.SortOrder }, cancellationToken);
        var categoryTrends = current.Keys.Concat(previous.Keys).Distinct()
            .Select(k => new CategoryTrend(
                k == NoCategory ? null : categories[k].Code, k == NoCategory ? "未分类" : categories[k].Name,
                current.GetValueOrDefault(k), previous.GetValueOrDefault(k), lastYearTotal == 0 ? null : lastYear.GetValueOrDefault(k)))
            .OrderByDescending(c => c.Opinions).ThenByDescending(c => c.PreviousMonth)
            .ThenBy(c => c.Code is null ? int.MaxValue : categories.Values.First(v => v.Code == c.Code).SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal)
            .ToList();

        // Stations with the most opinions, against the month before.
        var stationCounts = await CountByStationAsync(monthly, cancellationToken);
        var stationPrevious = await CountByStationAsync(Received(first.AddMonths(-1), 1), cancellationToken);
        var topStationIds = stationCounts.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(TopStations).Select(s => s.Key).ToList();

        // One pass over the month's texts: hot-topic pieces, and per station and category the count and the first texts.
        var counter = new HotTopicCounter();
        var buckets = new Dictionary<(int StationId, int Category), Bucket>();
        var texts = monthly.OrderBy(o => o.ReceivedAt).ThenBy(o => o.Id)
            .Select(o => new { o.Title, o.Content, o.StationId, Category = o.CategoryId == null ? NoCategory : o.Category!.ParentId ?? o.CategoryId.Value })
            .AsAsyncEnumerable();
        await foreach (var text in texts.WithCancellation(cancellationToken))
        {
            counter.AddMonth(text.Title, text.Content);
            if (!buckets.TryGetValue((text.StationId, text.Category), out var bucket))
            {
                bucket = new Bucket();
                buckets[(text.StationId, text.Category)] = bucket;
            }

            bucket.Count++;
            if (bucket.Texts.Count < SimilarCompared)
            {
                bucket.Texts.Add((text.Title, text.Title + text.Content));
            }
        }

        counter.StartBaseline();
        var baseline = Received(first.AddMonths(-BaselineMonths), BaselineMonths)
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id).Take(BaselineMaxOpinions)
            .Select(o => new { o.Title, o.Content })
            .AsAsyncEnumerable();
        await foreach (var text in baseline.WithCancellation(cancellationToken))
        {
            counter.AddBaseline(text.Title, text.Content);
        }

        var repeatedBuckets = buckets.Where(b => b.Value.Count >= RepeatThreshold)
            .OrderByDescending(b => b.Value.Count).ThenBy(b => b.Key.StationId).ThenBy(b => b.Key.Category).Take(MaxRepeated).ToList();
        var stationIds = topStationIds.Concat(repeatedBuckets.Select(b => b.Key.StationId)).Distinct().ToList();
        var stations = await db.Stations.AsNoTracking().Where(s => stationIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new { s.Code, s.Name }, cancellationToken);
        var repeatedCategoryIds = repeatedBuckets.Select(b => b.Key.Category).Where(k => k != NoCategory && !categories.ContainsKey(k)).Distinct().ToList();
        foreach (var c in await db.Categories.AsNoTracking().Where(c => repeatedCategoryIds.Contains(c.Id)).ToListAsync(cancellationToken))
        {
            categories[c.Id] = new { c.Code, c.Name, c.SortOrder };
        }

        var repeated = repeatedBuckets.Select(b =>
        {
            var (size, index) = LargestSimilarGroup(b.Value.Texts);
            var category = b.Key.Category == NoCategory ? null : categories[b.Key.Category];
            return new RepeatedComplaint(stations[b.Key.StationId].Code, stations[b.Key.StationId].Name, category?.Code, category?.Name ?? "未分类",
                b.Value.Count, size, b.Value.Texts[index].Title);
        }).ToList();

        return new AnalysisFigures(
            AnalysisFigures.CurrentSchema, regionCode, regionName, first, today, first.Year == today.Year && first.Month == today.Month,
            totals,
            previous.Values.Sum(),
            lastYearTotal == 0 ? null : lastYearTotal,
            byChannel.OrderByDescending(c => c.Received).ThenBy(c => c.Channel).Select(c => new ChannelCount(c.Channel, c.Received)).ToList(),
            categoryTrends,
            counter.Topics(),
            counter.BaselineOpinions,
            topStationIds.Select(id => new StationCount(stations[id].Code, stations[id].Name, stationCounts[id], stationPrevious.GetValueOrDefault(id))).ToList(),
            repeated,
            await OverdueUnitsAsync(monthly, today, cancellationToken));
    }

    /// <summary>
    /// The units with overdue assignments on the month's opinions: open past the deadline today, or answered after it
    /// (China dates); an assignment sent back as not the unit's business is not overdue.
    /// </summary>
    private async Task<IReadOnlyList<UnitOverdue>> OverdueUnitsAsync(IQueryable<Opinion> monthly, DateOnly today, CancellationToken cancellationToken)
    {
        var chinaHours = ChinaTime.Offset.TotalHours;
        var assignments = db.OpinionAssignments.AsNoTracking().Where(a => monthly.Any(o => o.Id == a.OpinionId));
        var late = await assignments
            .Where(a => (a.AnsweredAt == null && a.ReturnedAt == null && a.AnswerDueOn < today)
                || (a.AnsweredAt != null && DateOnly.FromDateTime(a.AnsweredAt.Value.UtcDateTime.AddHours(chinaHours)) > a.AnswerDueOn))
            .Select(a => new { a.HandlingUnitId, a.AnswerDueOn, a.AnsweredAt })
            .ToListAsync(cancellationToken);
        if (late.Count == 0)
        {
            return [];
        }

        var unitIds = late.Select(l => l.HandlingUnitId).Distinct().ToList();
        var counts = await assignments.Where(a => unitIds.Contains(a.HandlingUnitId)).GroupBy(a => a.HandlingUnitId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var units = await db.HandlingUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.Code, u.Name }, cancellationToken);
        var rules = await calendar.RulesForAsync(late.Min(l => l.AnswerDueOn), today, cancellationToken);
        return late
            .Select(l => new
            {
                l.HandlingUnitId,
                Open = l.AnsweredAt is null,
                Days = rules.Between(l.AnswerDueOn, l.AnsweredAt is { } at ? DateOnly.FromDateTime(ChinaTime.Of(at).DateTime) : today),
            })
            .GroupBy(l => l.HandlingUnitId)
            .Select(g => new UnitOverdue(units[g.Key].Code, units[g.Key].Name, counts[g.Key], g.Count(l => l.Open), g.Count(l => !l.Open),
                Math.Round((decimal)g.Sum(l => l.Days) / g.Count(), 1, MidpointRounding.AwayFromZero)))
            .OrderByDescending(u => u.Overdue).ThenByDescending(u => u.OverdueNow).ThenBy(u => u.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The largest group of texts alike by the duplicate finder's measure (single link), and its first text; (0, 0) when no two are alike.</summary>
    private static (int Size, int First) LargestSimilarGroup(List<(string Title, string Text)> texts)
    {
        var pieces = texts.Select(t => DuplicateFinder.Bigrams(t.Text)).ToList();
        var parent = Enumerable.Range(0, texts.Count).ToArray();
        int Root(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        for (var i = 0; i < texts.Count; i++)
        {
            for (var j = i + 1; j < texts.Count; j++)
            {
                if (Root(i) != Root(j) && DuplicateFinder.Dice(pieces[i], pieces[j]) >= DuplicateFinder.Threshold)
                {
                    parent[Root(j)] = Root(i);
                }
            }
        }

        var largest = Enumerable.Range(0, texts.Count).GroupBy(Root)
            .Select(g => (Size: g.Count(), First: g.Min()))
            .OrderByDescending(g => g.Size).ThenBy(g => g.First)
            .FirstOrDefault();
        return largest.Size >= 2 ? largest : (0, 0);
    }

    private static async Task<Dictionary<int, int>> ByCategoryAsync(IQueryable<Opinion> opinions, CancellationToken cancellationToken) =>
        await opinions
            .GroupBy(o => o.CategoryId == null ? NoCategory : o.Category!.ParentId ?? o.CategoryId.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    private static async Task<Dictionary<int, int>> CountByStationAsync(IQueryable<Opinion> opinions, CancellationToken cancellationToken) =>
        await opinions.GroupBy(o => o.StationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    private static DateTimeOffset Utc(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();

    private IQueryable<OpinionAnalysisReport> InScope(StaffScope scope) =>
        db.OpinionAnalysisReports.Where(r => scopes.Regions(scope).Any(x => x.Id == r.RegionId));

    private async Task<EditResult> ChangeAsync(StaffScope scope, int id, uint? version, Action<OpinionAnalysisReport> change, CancellationToken cancellationToken)
    {
        var report = await InScope(scope).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (report is null)
        {
            return EditResult.NotFound;
        }

        if (report.State == AnalysisReportState.Published)
        {
            return EditResult.Conflict(PublishedMessage);
        }

        if (version is not { } expected || expected != report.Version)
        {
            return EditResult.Conflict(ChangedMessage);
        }

        db.Entry(report).Property(r => r.Version).OriginalValue = expected;
        change(report);
        report.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return EditResult.Done(report.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Conflict(ChangedMessage);
        }
    }

    private sealed class Bucket
    {
        public int Count { get; set; }

        public List<(string Title, string Text)> Texts { get; } = [];
    }
}
