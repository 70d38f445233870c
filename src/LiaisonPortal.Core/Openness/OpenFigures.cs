using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
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

    public static string Count(int count) =>
        count < Threshold ? SuppressedCount : count.ToString("N0", CultureInfo.InvariantCulture);

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
    IReadOnlyList<OpenDeputyRow> Deputies);

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
    public async Task<OpenFigureSet?> FiguresAsync(string? regionCode, int? year, CancellationToken cancellationToken = default)
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

        var subtree = SearchPatterns.EscapeLike(region.Path) + "%";
        var ancestorCodes = region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = await db.Regions.AsNoTracking().Where(r => ancestorCodes.Contains(r.Code)).OrderBy(r => r.Path)
            .Select(r => new RegionOption(r.Code, r.Name, r.Level)).ToListAsync(cancellationToken);
        var children = await db.Regions.AsNoTracking().Where(r => r.ParentId == region.Id && r.Level != RegionLevel.Community).OrderBy(r => r.Path)
            .Select(r => new { r.Code, r.Name, r.Path }).ToListAsync(cancellationToken);
        var stations = await db.Stations.AsNoTracking().Where(s => s.IsActive && EF.Functions.Like(s.Region.Path, subtree, "\\"))
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

        var stationCounts = stations.Select(s => (s.Code, s.Name, s.RegionPath, Counts: CountsOf(s.Id))).ToList();
        var total = stationCounts.Aggregate(Counts.Zero, (sum, s) => sum + s.Counts);
        var subRegions = children
            .Select(c => Disclose(c.Code, c.Name, stationCounts.Where(s => s.RegionPath.StartsWith(c.Path, StringComparison.Ordinal))
                .Aggregate(Counts.Zero, (sum, s) => sum + s.Counts)))
            .ToList();

        var deputyIds = db.DeputyStations.Where(e => stationIds.Contains(e.StationId) && e.Deputy.IsActive).Select(e => e.DeputyId).Distinct();
        var deputies = await db.Deputies.AsNoTracking().Where(d => deputyIds.Contains(d.Id)).OrderBy(d => d.Level).ThenBy(d => d.Code)
            .Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(cancellationToken);
        var checkIns = (await db.ReceptionLogDeputies.AsNoTracking()
            .Where(c => deputyIds.Contains(c.DeputyId) && db.ReceptionLogs.Any(l => l.Id == c.LogId && l.Date >= from && l.Date < until))
            .GroupBy(c => c.DeputyId).Select(g => new { DeputyId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken)).ToDictionary(c => c.DeputyId, c => c.Count);
        var suggestions = (await db.Suggestions.AsNoTracking()
            .Where(s => deputyIds.Contains(s.DeputyId) && !NotFiled.Contains(s.State) && s.SubmittedAt >= fromAt && s.SubmittedAt < untilAt)
            .GroupBy(s => s.DeputyId).Select(g => new { DeputyId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken)).ToDictionary(c => c.DeputyId, c => c.Count);

        return new OpenFigureSet(
            theYear,
            new RegionOption(region.Code, region.Name, region.Level),
            path,
            Disclose(region.Code, region.Name, total),
            subRegions,
            stationCounts.Select(s => Disclose(s.Code, s.Name, s.Counts)).ToList(),
            deputies.Select(d => new OpenDeputyRow(d.Code, d.Name,
                Disclosure.Count(checkIns.GetValueOrDefault(d.Id)), Disclosure.Count(suggestions.GetValueOrDefault(d.Id)))).ToList());
    }

    private static OpenRow Disclose(string code, string name, Counts c) => new(
        code, name, Disclosure.Count(c.Receptions), Disclosure.Count(c.People), Disclosure.Count(c.Opinions), Disclosure.Count(c.OnTime),
        Disclosure.Rate(c.OnTime, c.Assigned), Disclosure.Rate(c.Satisfied, c.Rated));

    private sealed record Counts(int Receptions, int People, int Opinions, int Assigned, int OnTime, int Rated, int Satisfied)
    {
        public static Counts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

        public static Counts operator +(Counts a, Counts b) => new(
            a.Receptions + b.Receptions, a.People + b.People, a.Opinions + b.Opinions, a.Assigned + b.Assigned, a.OnTime + b.OnTime,
            a.Rated + b.Rated, a.Satisfied + b.Satisfied);
    }
}
