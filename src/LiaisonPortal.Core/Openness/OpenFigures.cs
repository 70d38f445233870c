using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Openness;

/// <summary>
/// The one disclosure rule of the public figures (履职公开): a count under <see cref="Threshold"/> (0 included) is shown as
/// "&lt;5", and a rate whose denominator is under it as "—". Every figure leaves <see cref="OpenFigures"/> through here, so
/// the page never holds a small number it could show.
/// </summary>
public static class Disclosure
{
    public const int Threshold = 5;

    public const string SuppressedCount = "<5";

    public const string SuppressedRate = "—";

    /// <summary>A count of 5 or more hidden so that a suppressed one cannot be worked out by subtraction.</summary>
    public const string ProtectingCount = "*";

    public static string Count(int count) =>
        count < Threshold ? SuppressedCount : count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count as <see cref="Count(int)"/> shows it, or <see cref="ProtectingCount"/> when it is hidden to protect another cell.</summary>
    public static string Count(int count, bool hidden) =>
        hidden && count >= Threshold ? ProtectingCount : Count(count);

    /// <summary>A share as a percentage with one decimal ("91.7%"); "—" when fewer than five are behind it.</summary>
    public static string Rate(int count, int of) =>
        of < Threshold ? SuppressedRate : FigureCounts.Percent(FigureCounts.Rate(count, of));
}

/// <summary>One row of the public figures, already passed through <see cref="Disclosure"/>: display text only.</summary>
public sealed record OpenRow(
    string Code, string Name, string Receptions, string PeopleReceived, string Opinions, string AnsweredOnTime, string OnTimeRate, string SatisfactionRate);

/// <summary>A deputy's public figures, already passed through <see cref="Disclosure"/>.</summary>
public sealed record OpenDeputyRow(string Code, string Name, string Receptions, string Suggestions);

/// <summary>The public figures of a region for a year: its total, its sub-regions, its stations and its deputies.</summary>
public sealed record OpenFigureSet(
    int Year, RegionOption Region, IReadOnlyList<RegionOption> Path, OpenRow Total, IReadOnlyList<OpenRow> SubRegions, IReadOnlyList<OpenRow> Stations,
    Page<OpenDeputyRow> Deputies);

/// <summary>
/// 履职公开: what anyone may see of a region's year, aggregates only, computed by GROUP BY in PostgreSQL (no row is loaded)
/// and disclosed through <see cref="Disclosure"/>. No citizen's name, phone, tracking code, title or content is read.
/// <para>
/// Definitions (the year is a calendar year in China time; only active stations in the region's subtree, and active
/// deputies enrolled at them, are listed):
/// 接待次数 receptions: reception logs (履职登记) dated in the year, open or closed.
/// 接待群众 people received: the sum of those logs' <see cref="ReceptionLog.PeopleReceived"/>.
/// 收到意见 opinions: opinions received in the year at the station, except those merged into another (duplicates).
/// 按时答复 answered on time: of those, the ones whose round-1 lead unit (主办) answered on or before that assignment's
/// <see cref="OpinionAssignment.AnswerDueOn"/>, both as China dates (an assignment returned as not the unit's business
/// without an answer does not count); the rate is over the opinions that have a round-1 lead assignment.
/// 满意率 satisfaction: satisfied + basically satisfied over rated opinions, by each opinion's latest evaluation.
/// A deputy's receptions: their check-ins at reception logs dated in the year (any station). Suggestions: their own
/// suggestions filed in the year (submitted), except drafts, returned ones and ones converted to opinions.
/// </para>
/// </summary>
public sealed class OpenFigures(ApplicationDbContext db, TimeProvider time)
{
    /// <summary>How many years back the year select offers (this year included).</summary>
    public const int YearsShown = 5;

    private static readonly double ChinaHours = ChinaTime.Offset.TotalHours;

    private static readonly SuggestionState[] NotFiled = [SuggestionState.Draft, SuggestionState.Returned, SuggestionState.Converted];

    /// <summary>This year (China time) and the previous ones the page offers, newest first.</summary>
    public IReadOnlyList<int> Years()
    {
        var year = ChinaTime.Today(time).Year;
        return Enumerable.Range(0, YearsShown).Select(i => year - i).ToList();
    }

    /// <summary>The figures of the region (null or unknown: the top region) for the year (null or not offered: this year); null when there are no regions.</summary>
    /// <summary>Deputies per page of the deputies' table.</summary>
    public const int DeputiesPerPage = 50;

    public async Task<OpenFigureSet?> FiguresAsync(string? regionCode, int? year, CancellationToken cancellationToken = default) =>
        await FiguresAsync(regionCode, year, deputyPage: 1, cancellationToken);

    /// <summary>As above, with one page (of <see cref="DeputiesPerPage"/>) of the region's deputies.</summary>
    public async Task<OpenFigureSet?> FiguresAsync(string? regionCode, int? year, int deputyPage, CancellationToken cancellationToken = default)
    {
        var years = Years();
        var theYear = year is { } y && years.Contains(y) ? y : years[0];
        var code = regionCode?.Trim();
        var region = string.IsNullOrEmpty(code) ? null
            : await db.Regions.AsNoTracking().Where(r => r.Code == code && r.Level != RegionLevel.Community).SingleOrDefaultAsync(cancellationToken);
        region ??= await db.Regions.AsNoTracking().Where(r => r.ParentId == null).OrderBy(r => r.Path).FirstOrDefaultAsync(cancellationToken);
        if (region is null)
        {
            return null;
        }

        // Suppression is decided over the whole tree of the top region, so every page hides the same cells (a street's
        // page and its district's page cannot be compared to work out a hidden figure).
        var ancestorCodes = region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var tree = SearchPatterns.EscapeLike("/" + ancestorCodes[0] + "/") + "%";
        var subtree = region.Path;
        var path = await db.Regions.AsNoTracking().Where(r => ancestorCodes.Contains(r.Code)).OrderBy(r => r.Path)
            .Select(r => new RegionOption(r.Code, r.Name, r.Level)).ToListAsync(cancellationToken);
        var regions = await db.Regions.AsNoTracking().Where(r => r.Level != RegionLevel.Community && EF.Functions.Like(r.Path, tree, "\\"))
            .OrderBy(r => r.Path).Select(r => new TreeRegion(r.Id, r.ParentId, r.Code, r.Name, r.Path)).ToListAsync(cancellationToken);
        var stations = await db.Stations.AsNoTracking().Where(s => s.IsActive && EF.Functions.Like(s.Region.Path, tree, "\\"))
            .OrderBy(s => s.Region.Path).ThenBy(s => s.Kind).ThenBy(s => s.Code)
            .Select(s => new { s.Id, s.Code, s.Name, RegionPath = s.Region.Path }).ToListAsync(cancellationToken);
        var stationIds = stations.Select(s => s.Id).ToList();

        var from = new DateOnly(theYear, 1, 1);
        var until = from.AddYears(1);
        var fromAt = new DateTimeOffset(theYear, 1, 1, 0, 0, 0, ChinaTime.Offset).ToUniversalTime();
        var untilAt = fromAt.AddYears(1);

        var receptions = (await db.ReceptionLogs.AsNoTracking()
            .Where(l => stationIds.Contains(l.StationId) && l.Date >= from && l.Date < until)
            .GroupBy(l => l.StationId)
            .Select(g => new { StationId = g.Key, Logs = g.Count(), People = g.Sum(l => l.PeopleReceived) })
            .ToListAsync(cancellationToken)).ToDictionary(r => r.StationId);

        var opinionFacts =
            from o in db.Opinions.AsNoTracking()
            where stationIds.Contains(o.StationId) && o.ReceivedAt >= fromAt && o.ReceivedAt < untilAt && o.State != OpinionState.Merged
            select new
            {
                o.StationId,
                Assigned = db.OpinionAssignments.Any(a => a.OpinionId == o.Id && a.Round == 1 && a.IsLead),
                OnTime = db.OpinionAssignments.Any(a => a.OpinionId == o.Id && a.Round == 1 && a.IsLead && a.AnsweredAt != null
                    && DateOnly.FromDateTime(a.AnsweredAt.Value.UtcDateTime.AddHours(ChinaHours)) <= a.AnswerDueOn),
                Rating = db.OpinionEvaluations.Where(e => e.OpinionId == o.Id).OrderByDescending(e => e.Round).ThenByDescending(e => e.At)
                    .Select(e => (Rating?)e.Rating).FirstOrDefault(),
            };
        var opinions = (await opinionFacts
            .GroupBy(f => f.StationId)
            .Select(g => new
            {
                StationId = g.Key,
                Received = g.Count(),
                Assigned = g.Sum(f => f.Assigned ? 1 : 0),
                OnTime = g.Sum(f => f.OnTime ? 1 : 0),
                Rated = g.Sum(f => f.Rating != null ? 1 : 0),
                Satisfied = g.Sum(f => f.Rating == Rating.Satisfied || f.Rating == Rating.BasicallySatisfied ? 1 : 0),
            })
            .ToListAsync(cancellationToken)).ToDictionary(r => r.StationId);

        Counts CountsOf(int stationId)
        {
            var r = receptions.GetValueOrDefault(stationId);
            var o = opinions.GetValueOrDefault(stationId);
            return new Counts(r?.Logs ?? 0, r?.People ?? 0, o?.Received ?? 0, o?.Assigned ?? 0, o?.OnTime ?? 0, o?.Rated ?? 0, o?.Satisfied ?? 0);
        }

        var stationCounts = stations.Select(s => (Key: "S:" + s.Code, s.Code, s.Name, s.RegionPath, Counts: CountsOf(s.Id))).ToList();
        var regionCounts = regions.ToDictionary(
            r => r.Id,
            r => stationCounts.Where(s => s.RegionPath.StartsWith(r.Path, StringComparison.Ordinal)).Aggregate(Counts.Zero, (sum, s) => sum + s.Counts));
        var hidden = Suppress(regions, stationCounts.Select(s => (s.Key, s.RegionPath, s.Counts)).ToList(), regionCounts);
        OpenRow Row(string key, string code, string name, Counts counts) => new(
            code, name, Disclosure.Count(counts.Receptions, hidden[0].Contains(key)), Disclosure.Count(counts.People, hidden[1].Contains(key)),
            Disclosure.Count(counts.Opinions, hidden[2].Contains(key)), Disclosure.Count(counts.OnTime, hidden[3].Contains(key)),
            Disclosure.Rate(counts.OnTime, counts.Assigned), Disclosure.Rate(counts.Satisfied, counts.Rated));

        var shownStations = stationCounts.Where(s => s.RegionPath.StartsWith(subtree, StringComparison.Ordinal)).ToList();
        var subRegions = regions.Where(r => r.ParentId == region.Id).Select(r => Row("R:" + r.Code, r.Code, r.Name, regionCounts[r.Id])).ToList();
        stationIds = stations.Where(s => s.RegionPath.StartsWith(subtree, StringComparison.Ordinal)).Select(s => s.Id).ToList();

        var deputyIds = db.DeputyStations.Where(e => stationIds.Contains(e.StationId) && e.Deputy.IsActive).Select(e => e.DeputyId).Distinct();
        var deputies = await db.Deputies.AsNoTracking().Where(d => deputyIds.Contains(d.Id)).OrderBy(d => d.Level).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.Code, d.Name }).ToPageAsync(new PageRequest(deputyPage, DeputiesPerPage), cancellationToken);
        var pageIds = deputies.Items.Select(d => d.Id).ToList();
        var checkIns = (await db.ReceptionLogDeputies.AsNoTracking()
            .Where(c => pageIds.Contains(c.DeputyId) && db.ReceptionLogs.Any(l => l.Id == c.LogId && l.Date >= from && l.Date < until))
            .GroupBy(c => c.DeputyId).Select(g => new { DeputyId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken)).ToDictionary(c => c.DeputyId, c => c.Count);
        var suggestions = (await db.Suggestions.AsNoTracking()
            .Where(s => pageIds.Contains(s.DeputyId) && !NotFiled.Contains(s.State) && s.SubmittedAt >= fromAt && s.SubmittedAt < untilAt)
            .GroupBy(s => s.DeputyId).Select(g => new { DeputyId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken)).ToDictionary(c => c.DeputyId, c => c.Count);

        return new OpenFigureSet(
            theYear,
            new RegionOption(region.Code, region.Name, region.Level),
            path,
            Row("R:" + region.Code, region.Code, region.Name, regionCounts[region.Id]),
            subRegions,
            shownStations.Select(s => Row(s.Key, s.Code, s.Name, s.Counts)).ToList(),
            new Page<OpenDeputyRow>(
                deputies.Items.Select(d => new OpenDeputyRow(d.Code, d.Name,
                    Disclosure.Count(checkIns.GetValueOrDefault(d.Id)), Disclosure.Count(suggestions.GetValueOrDefault(d.Id)))).ToList(),
                deputies.Number, deputies.Size, deputies.Total));
    }

    /// <summary>The hidden cells of the four count columns (receptions, people, opinions, answered on time), over the whole tree.</summary>
    private static HashSet<string>[] Suppress(
        IReadOnlyList<TreeRegion> regions, IReadOnlyList<(string Key, string RegionPath, Counts Counts)> stations, IReadOnlyDictionary<int, Counts> regionCounts)
    {
        var groups = new List<ComplementarySuppression.Group>();
        foreach (var r in regions)
        {
            var children = regions.Where(c => c.ParentId == r.Id).ToList();
            var inSubtree = stations.Where(s => s.RegionPath.StartsWith(r.Path, StringComparison.Ordinal)).ToList();
            var direct = inSubtree.Where(s => !children.Any(c => s.RegionPath.StartsWith(c.Path, StringComparison.Ordinal)));
            groups.Add(new("R:" + r.Code, [.. children.Select(c => "R:" + c.Code), .. direct.Select(s => s.Key)]));
            groups.Add(new("R:" + r.Code, [.. inSubtree.Select(s => s.Key)]));
        }

        Func<Counts, int>[] columns = [c => c.Receptions, c => c.People, c => c.Opinions, c => c.OnTime];
        return columns.Select(column =>
        {
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in regions)
            {
                values["R:" + r.Code] = column(regionCounts[r.Id]);
            }

            foreach (var s in stations)
            {
                values[s.Key] = column(s.Counts);
            }

            return new HashSet<string>(ComplementarySuppression.Hidden(values, groups), StringComparer.Ordinal);
        }).ToArray();
    }

    private sealed record TreeRegion(int Id, int? ParentId, string Code, string Name, string Path);

    private sealed record Counts(int Receptions, int People, int Opinions, int Assigned, int OnTime, int Rated, int Satisfied)
    {
        public static Counts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

        public static Counts operator +(Counts a, Counts b) => new(
            a.Receptions + b.Receptions, a.People + b.People, a.Opinions + b.Opinions, a.Assigned + b.Assigned, a.OnTime + b.OnTime,
            a.Rated + b.Rated, a.Satisfied + b.Satisfied);
    }
}
