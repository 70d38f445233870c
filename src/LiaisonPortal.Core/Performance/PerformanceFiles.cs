using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Performance;

/// <summary>A deputy's place in a group: <see cref="Rank"/> of <see cref="Of"/> (ties share a rank).</summary>
public sealed record RankPlace(string GroupCode, string GroupName, int Rank, int Of);

/// <summary>One deputy in the office's rankings.</summary>
/// <param name="Station">The rank at the filtered station, else at the deputy's primary station.</param>
/// <param name="LevelRank">The rank among the same level's active deputies of the same district (see <see cref="PerformanceFiles"/>).</param>
public sealed record RankingRow(int DeputyId, string Code, string Name, DeputyLevel Level, string? StationCode, string? StationName, string AreaName, RankPlace? Station, RankPlace LevelRank, DeputyScore Score);

/// <summary>The rankings' filters: a station code, a level, and a name or code to look for.</summary>
public sealed record RankingQuery(string? Station = null, DeputyLevel? Level = null, string? Text = null);

public sealed record StationChoice(string Code, string Name);

/// <summary>The rankings of the active deputies in a scope for a year, highest total first.</summary>
public sealed record PerformanceRanking(int Year, bool ToDate, IReadOnlyList<RankingRow> Rows, IReadOnlyList<StationChoice> Stations);

/// <summary>A yearly minimum a deputy has not reached.</summary>
public sealed record BelowMinimumRow(string Code, string Name, DeputyLevel Level, string? StationName, PerformanceFact Fact, int Count, int Minimum);

public sealed record ReceptionEntry(DateOnly Date, string StationName, ReceptionMode Mode, string? Place);

public sealed record MissedDutyEntry(DateOnly Date, string StationName);

public sealed record EvidenceLink(int Id, string FileName);

public sealed record ActivityEntry(int Id, DateOnly Date, PerformanceFact Kind, string Title, string? Place, IReadOnlyList<EvidenceLink> Files);

/// <summary>A suggestion the deputy led or co-signed, filed in the year; grade and rating by the latest reply and rating.</summary>
public sealed record SuggestionEntry(int Id, string? Number, string Title, bool Lead, SuggestionState State, AnswerResult? Grade, Rating? Rating, DateOnly? FiledOn);

/// <summary>A deputy's performance file (履职档案) for a year: the figures, the ranks and what they did.</summary>
public sealed record DeputyFile(
    int Year, bool ToDate, DateOnly Today, string Code, string Name, DeputyLevel Level, bool IsActive, string AreaName,
    DeputyScore Score, IReadOnlyList<RankPlace> StationRanks, RankPlace? LevelRank,
    IReadOnlyList<ReceptionEntry> Receptions, IReadOnlyList<MissedDutyEntry> MissedDuties, IReadOnlyList<ActivityEntry> Activities,
    IReadOnlyList<SuggestionEntry> Suggestions);

/// <summary>
/// 履职档案 and 履职积分: each deputy's year counted from what the system records and scored by the year's
/// <see cref="PointRules"/> (<see cref="PerformanceScoring"/>). Nothing is stored: a changed rule changes the year at once.
/// <para>
/// Counting (the year is a calendar year; dates are China dates; each fact is counted per deputy per month with one GROUP BY):
/// 参加接待 / 走访: the deputy's check-ins on reception logs dated in the year (a log in the visit mode is a 走访, any other
/// mode a reception). 缺席值班: duties (not swapped away) dated in the year and before today without a check-in by that
/// deputy on a log of that station that day. 收到群众意见: opinions addressed to the deputy received in the year, except
/// those merged into another; 意见已反馈: those opinions fed back in the year (by the feedback date). 领衔提出建议: the
/// deputy's suggestions filed (submitted) in the year that are not drafts (a withdrawn one is a draft again), returned or
/// converted; 附议建议: the same for the suggestions the deputy co-signed; 领衔建议办成: the deputy's suggestions whose
/// latest lead-unit reply (round 2's if replied, else round 1's; a unit that sent it back does not count) is graded A, in
/// the month of that reply. Activities: the recorded activities the deputy took part in, by kind and date.
/// </para>
/// <para>
/// Ranks (competition ranking, ties share a rank): 站内排名 among the active deputies enrolled at that station; 同级排名
/// among the active deputies of the same level whose primary station lies in the same district (区/县; a station directly
/// under the city counts as the city's). Only active deputies are ranked and listed.
/// </para>
/// </summary>
public sealed class PerformanceFiles(ApplicationDbContext db, ScopeDirectory scopes, PointRules rules, TimeProvider time)
{
    public const string NoAreaName = "未编入家站点";

    private static readonly double ChinaHours = ChinaTime.Offset.TotalHours;

    private static readonly SuggestionState[] NotFiled = [SuggestionState.Draft, SuggestionState.Returned, SuggestionState.Converted];

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>The year asked for when it is between 2000 and next year, else this year.</summary>
    public int YearOrThis(int? year) => year is { } y && PointRules.IsYear(y) && y <= Today.Year + 1 ? y : Today.Year;

    /// <summary>This year and the four before it, newest first, plus <paramref name="year"/> when it is another.</summary>
    public IReadOnlyList<int> Years(int year) =>
        [.. Enumerable.Range(0, 5).Select(i => Today.Year - i).Append(year).Distinct().OrderDescending()];

    /// <summary>Each deputy's facts of the year: per fact, 12 monthly counts (deputies and facts with none are absent).</summary>
    public async Task<Dictionary<int, Dictionary<PerformanceFact, int[]>>> CountAsync(int year, IReadOnlyCollection<int> deputyIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deputyIds);
        var ids = deputyIds.Distinct().ToList();
        var counts = new Dictionary<int, Dictionary<PerformanceFact, int[]>>();
        if (ids.Count == 0)
        {
            return counts;
        }

        void Add(int deputyId, PerformanceFact fact, int month, int count)
        {
            if (!counts.TryGetValue(deputyId, out var facts))
            {
                counts[deputyId] = facts = [];
            }

            if (!facts.TryGetValue(fact, out var months))
            {
                facts[fact] = months = new int[PerformanceScoring.Months];
            }

            months[month - 1] += count;
        }

        var (firstDay, until, fromAt, untilAt) = Bounds(year);

        var receptions = await (
            from c in db.ReceptionLogDeputies
            join l in db.ReceptionLogs on c.LogId equals l.Id
            where ids.Contains(c.DeputyId) && l.Date >= firstDay && l.Date < until
            group c by new { c.DeputyId, l.Date.Month, Visit = l.Mode == ReceptionMode.Visit } into g
            select new { g.Key.DeputyId, g.Key.Month, g.Key.Visit, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in receptions)
        {
            Add(r.DeputyId, r.Visit ? PerformanceFact.VisitMade : PerformanceFact.ReceptionAttended, r.Month, r.Count);
        }

        var missed = await MissedDuties(ids, year)
            .GroupBy(d => new { d.DeputyId, d.Date.Month })
            .Select(g => new { g.Key.DeputyId, g.Key.Month, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in missed)
        {
            Add(r.DeputyId, PerformanceFact.DutyMissed, r.Month, r.Count);
        }

        var addressed = db.Opinions.Where(o => o.DeputyId != null && ids.Contains(o.DeputyId.Value) && o.State != OpinionState.Merged);
        var received = await addressed.Where(o => o.ReceivedAt >= fromAt && o.ReceivedAt < untilAt)
            .GroupBy(o => new { DeputyId = o.DeputyId!.Value, o.ReceivedAt.UtcDateTime.AddHours(ChinaHours).Month })
            .Select(g => new { g.Key.DeputyId, g.Key.Month, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in received)
        {
            Add(r.DeputyId, PerformanceFact.OpinionReceived, r.Month, r.Count);
        }

        var fedBack = await addressed.Where(o => o.FedBackAt >= fromAt && o.FedBackAt < untilAt)
            .GroupBy(o => new { DeputyId = o.DeputyId!.Value, o.FedBackAt!.Value.UtcDateTime.AddHours(ChinaHours).Month })
            .Select(g => new { g.Key.DeputyId, g.Key.Month, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in fedBack)
        {
            Add(r.DeputyId, PerformanceFact.OpinionFedBack, r.Month, r.Count);
        }

        var filedInYear = db.Suggestions.Where(s => !NotFiled.Contains(s.State) && s.SubmittedAt >= fromAt && s.SubmittedAt < untilAt);
        var filed = await filedInYear.Where(s => ids.Contains(s.DeputyId))
            .GroupBy(s => new { s.DeputyId, s.SubmittedAt!.Value.UtcDateTime.AddHours(ChinaHours).Month })
            .Select(g => new { g.Key.DeputyId, g.Key.Month, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in filed)
        {
            Add(r.DeputyId, PerformanceFact.SuggestionFiled, r.Month, r.Count);
        }

        var cosigned = await (
            from c in db.SuggestionCosigners
            join s in filedInYear on c.SuggestionId equals s.Id
            where ids.Contains(c.DeputyId)
            group c by new { c.DeputyId, s.SubmittedAt!.Value.UtcDateTime.AddHours(ChinaHours).Month } into g
            select new { g.Key.DeputyId, g.Key.Month, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in cosigned)
        {
            Add(r.DeputyId, PerformanceFact.SuggestionCosigned, r.Month, r.Count);
        }

        var latest =
            from s in db.Suggestions.Where(s => ids.Contains(s.DeputyId) && !NotFiled.Contains(s.State))
            from first in db.SuggestionAssignments
                .Where(a => a.SuggestionId == s.Id && a.Round == 1 && a.IsLead && a.AssignedAt != null && a.SentBackAt == null && a.RepliedAt != null).DefaultIfEmpty()
            from second in db.SuggestionAssignments
                .Where(a => a.SuggestionId == s.Id && a.Round == 2 && a.IsLead && a.AssignedAt != null && a.SentBackAt == null && a.RepliedAt != null).DefaultIfEmpty()
            select new
            {
                s.DeputyId,
                Grade = second != null ? second.Grade : first != null ? first.Grade : null,
                At = second != null ? second.RepliedAt : first != null ? first.RepliedAt : null,
            };
        var solved = await latest.Where(x => x.Grade == AnswerResult.Solved && x.At >= fromAt && x.At < untilAt)
            .GroupBy(x => new { x.DeputyId, x.At!.Value.UtcDateTime.AddHours(ChinaHours).Month })
            .Select(g => new { g.Key.DeputyId, g.Key.Month, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in solved)
        {
            Add(r.DeputyId, PerformanceFact.SuggestionSolved, r.Month, r.Count);
        }

        var activities = await (
            from p in db.DeputyActivityParticipants
            join a in db.DeputyActivities on p.ActivityId equals a.Id
            where ids.Contains(p.DeputyId) && a.Date >= firstDay && a.Date < until
            group p by new { p.DeputyId, a.Kind, a.Date.Month } into g
            select new { g.Key.DeputyId, g.Key.Kind, g.Key.Month, Count = g.Count() }).ToListAsync(cancellationToken);
        foreach (var r in activities)
        {
            Add(r.DeputyId, r.Kind, r.Month, r.Count);
        }

        return counts;
    }

    /// <summary>The deputies' scores for the year by the year's rules (created on first use).</summary>
    public async Task<Dictionary<int, DeputyScore>> ScoresAsync(int year, IReadOnlyCollection<int> deputyIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deputyIds);
        var yearRules = await rules.ForYearAsync(year, cancellationToken);
        var counts = await CountAsync(year, deputyIds, cancellationToken);
        return deputyIds.Distinct().ToDictionary(id => id, id => PerformanceScoring.Score(id, counts.GetValueOrDefault(id) ?? [], yearRules));
    }

    /// <summary>The active deputies in the scope with their ranks, highest total first (then by code), filtered.</summary>
    public async Task<PerformanceRanking> RankingsAsync(StaffScope scope, int year, RankingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var roster = await RosterAsync(cancellationToken);
        var inScope = await scopes.Deputies(scope).Where(d => d.IsActive).Select(d => d.Id).ToListAsync(cancellationToken);
        var targets = inScope.Where(roster.Members.ContainsKey).Select(id => roster.Members[id]).ToList();
        var stationChoices = targets.SelectMany(m => m.StationIds).Distinct().Select(id => roster.Stations[id])
            .OrderBy(s => s.Code, StringComparer.Ordinal).Select(s => new StationChoice(s.Code, s.Name)).ToList();

        var station = string.IsNullOrWhiteSpace(query.Station) ? null : roster.Stations.Values.FirstOrDefault(s => s.Code == query.Station.Trim());
        var text = query.Text?.Trim();
        var shown = targets
            .Where(m => station is null || m.StationIds.Contains(station.Id))
            .Where(m => query.Level is null || m.Level == query.Level)
            .Where(m => string.IsNullOrEmpty(text) || m.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || m.Code.Contains(text, StringComparison.OrdinalIgnoreCase))
            .ToList();

        var scores = await ScoresAsync(year, Peers(roster, shown), cancellationToken);
        var ranker = new Ranker(roster, scores);
        var rows = shown.Select(m =>
            {
                var at = station ?? (m.PrimaryStationId is { } p ? roster.Stations[p] : null);
                return new RankingRow(m.Id, m.Code, m.Name, m.Level, at?.Code, at?.Name, m.AreaName,
                    at is null ? null : ranker.AtStation(at, m.Id), ranker.AtLevel(m), scores[m.Id]);
            })
            .OrderByDescending(r => r.Score.Total).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        return new PerformanceRanking(year, year == Today.Year, rows, stationChoices);
    }

    /// <summary>每年最少次数: the active deputies in the scope below a yearly minimum (to date in the current year).</summary>
    public async Task<IReadOnlyList<BelowMinimumRow>> BelowMinimumAsync(StaffScope scope, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var roster = await RosterAsync(cancellationToken);
        var inScope = await scopes.Deputies(scope).Where(d => d.IsActive).Select(d => d.Id).ToListAsync(cancellationToken);
        var targets = inScope.Where(roster.Members.ContainsKey).Select(id => roster.Members[id]).ToList();
        var scores = await ScoresAsync(year, targets.Select(m => m.Id).ToList(), cancellationToken);
        return targets
            .SelectMany(m => scores[m.Id].Facts.Where(f => f.BelowMinimum)
                .Select(f => new BelowMinimumRow(m.Code, m.Name, m.Level, m.PrimaryStationId is { } p ? roster.Stations[p].Name : null, f.Fact, f.Count, f.YearlyMinimum!.Value)))
            .OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Fact)
            .ToList();
    }

    /// <summary>A signed-in deputy's own file (their scope is themselves); null for any other scope.</summary>
    public async Task<DeputyFile?> OwnFileAsync(StaffScope scope, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != ScopeKind.Deputy)
        {
            return null;
        }

        var code = await db.Deputies.Where(d => d.Id == scope.Id).Select(d => d.Code).SingleOrDefaultAsync(cancellationToken);
        return code is null ? null : await FileAsync(scope, code, year, cancellationToken);
    }

    /// <summary>The deputy's file for the year; null when the deputy is not in the scope (a deputy's scope is themselves).</summary>
    public async Task<DeputyFile?> FileAsync(StaffScope scope, string code, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var deputy = await scopes.Deputies(scope).AsNoTracking().Where(d => d.Code == code)
            .Select(d => new { d.Id, d.Code, d.Name, d.Level, d.IsActive }).SingleOrDefaultAsync(cancellationToken);
        if (deputy is null)
        {
            return null;
        }

        var roster = await RosterAsync(cancellationToken);
        var member = roster.Members.GetValueOrDefault(deputy.Id);
        var scores = await ScoresAsync(year, member is null ? [deputy.Id] : Peers(roster, [member]), cancellationToken);
        var ranker = new Ranker(roster, scores);
        var stationRanks = member is null ? [] : member.StationIds.Select(id => ranker.AtStation(roster.Stations[id], member.Id))
            .OrderBy(r => r.GroupCode, StringComparer.Ordinal).ToList();
        var (firstDay, until, fromAt, untilAt) = Bounds(year);

        var receptions = await (
            from c in db.ReceptionLogDeputies
            join l in db.ReceptionLogs on c.LogId equals l.Id
            where c.DeputyId == deputy.Id && l.Date >= firstDay && l.Date < until
            orderby l.Date, l.Id
            select new ReceptionEntry(l.Date, l.Station.Name, l.Mode, l.Place)).ToListAsync(cancellationToken);
        var missed = await MissedDuties([deputy.Id], year).OrderBy(d => d.Date)
            .Select(d => new MissedDutyEntry(d.Date, d.Station.Name)).ToListAsync(cancellationToken);
        var activityRows = await (
            from p in db.DeputyActivityParticipants
            join a in db.DeputyActivities on p.ActivityId equals a.Id
            where p.DeputyId == deputy.Id && a.Date >= firstDay && a.Date < until
            orderby a.Date, a.Id
            select new { a.Id, a.Date, a.Kind, a.Title, a.Place }).ToListAsync(cancellationToken);
        var activityIds = activityRows.Select(a => a.Id).ToList();
        var files = (await db.DeputyActivityEvidence.AsNoTracking().Where(e => activityIds.Contains(e.ActivityId)).OrderBy(e => e.Id)
            .Select(e => new { e.ActivityId, e.Id, e.FileName }).ToListAsync(cancellationToken))
            .ToLookup(e => e.ActivityId, e => new EvidenceLink(e.Id, e.FileName));
        var activities = activityRows.Select(a => new ActivityEntry(a.Id, a.Date, a.Kind, a.Title, a.Place, files[a.Id].ToList())).ToList();

        var suggestionRows = await db.Suggestions.AsNoTracking()
            .Where(s => !NotFiled.Contains(s.State) && s.SubmittedAt >= fromAt && s.SubmittedAt < untilAt
                && (s.DeputyId == deputy.Id || db.SuggestionCosigners.Any(c => c.SuggestionId == s.Id && c.DeputyId == deputy.Id)))
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id,
                s.Number,
                s.Title,
                Lead = s.DeputyId == deputy.Id,
                s.State,
                s.SubmittedAt,
                Grade = db.SuggestionAssignments.Where(a => a.SuggestionId == s.Id && a.IsLead && a.AssignedAt != null && a.SentBackAt == null && a.RepliedAt != null)
                    .OrderByDescending(a => a.Round).Select(a => a.Grade).FirstOrDefault(),
                Rating = db.SuggestionEvaluations.Where(e => e.SuggestionId == s.Id).OrderByDescending(e => e.Round).ThenByDescending(e => e.At)
                    .Select(e => (Rating?)e.Rating).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var suggestions = suggestionRows.Select(s => new SuggestionEntry(s.Id, s.Number, s.Title, s.Lead, s.State, s.Grade, s.Rating,
            s.SubmittedAt is { } at ? DateOnly.FromDateTime(ChinaTime.Of(at).DateTime) : null)).ToList();

        return new DeputyFile(year, year == Today.Year, Today, deputy.Code, deputy.Name, deputy.Level, deputy.IsActive, member?.AreaName ?? NoAreaName,
            scores[deputy.Id], stationRanks, member is null ? null : ranker.AtLevel(member), receptions, missed, activities, suggestions);
    }

    private static (DateOnly First, DateOnly Until, DateTimeOffset FromAt, DateTimeOffset UntilAt) Bounds(int year)
    {
        var day = new DateOnly(year, 1, 1);
        var at = new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaTime.Offset).ToUniversalTime();
        return (day, day.AddYears(1), at, at.AddYears(1));
    }

    /// <summary>Duties in the year before today (China date), not swapped away, without the deputy's check-in on a log of that station that day.</summary>
    private IQueryable<DutyAssignment> MissedDuties(List<int> ids, int year)
    {
        var (firstDay, until, _, _) = Bounds(year);
        var today = Today;
        return db.DutyAssignments.Where(d => ids.Contains(d.DeputyId) && d.Status != DutyStatus.Swapped && d.Date >= firstDay && d.Date < until && d.Date < today
            && !db.ReceptionLogs.Any(l => l.StationId == d.StationId && l.Date == d.Date
                && db.ReceptionLogDeputies.Any(c => c.LogId == l.Id && c.DeputyId == d.DeputyId)));
    }

    /// <summary>The deputies whose totals the ranks of <paramref name="members"/> need: everyone at their stations and their level groups.</summary>
    private static List<int> Peers(Roster roster, IReadOnlyCollection<Member> members)
    {
        var stations = members.SelectMany(m => m.StationIds).ToHashSet();
        var groups = members.Select(m => (m.Level, m.AreaCode)).ToHashSet();
        return roster.Members.Values
            .Where(m => groups.Contains((m.Level, m.AreaCode)) || m.StationIds.Any(stations.Contains))
            .Select(m => m.Id).Concat(members.Select(m => m.Id)).Distinct().ToList();
    }

    /// <summary>The ranks of each station's and each level group's members, computed once per group.</summary>
    private sealed class Ranker(Roster roster, Dictionary<int, DeputyScore> scores)
    {
        private readonly Dictionary<int, IReadOnlyDictionary<int, int>> _stations = [];
        private readonly Dictionary<(DeputyLevel, string), IReadOnlyDictionary<int, int>> _levels = [];
        private ILookup<int, Member>? _byStation;
        private ILookup<(DeputyLevel, string), Member>? _byLevel;

        public RankPlace AtStation(StationRef station, int deputyId)
        {
            _byStation ??= roster.Members.Values.SelectMany(m => m.StationIds.Select(s => (s, m))).ToLookup(x => x.s, x => x.m);
            if (!_stations.TryGetValue(station.Id, out var ranks))
            {
                _stations[station.Id] = ranks = PerformanceScoring.Ranks(_byStation[station.Id].Select(m => (m.Id, scores[m.Id].Total)));
            }

            return new RankPlace(station.Code, station.Name, ranks[deputyId], ranks.Count);
        }

        public RankPlace AtLevel(Member member)
        {
            _byLevel ??= roster.Members.Values.ToLookup(m => (m.Level, m.AreaCode));
            var key = (member.Level, member.AreaCode);
            if (!_levels.TryGetValue(key, out var ranks))
            {
                _levels[key] = ranks = PerformanceScoring.Ranks(_byLevel[key].Select(m => (m.Id, scores[m.Id].Total)));
            }

            return new RankPlace(member.AreaCode, member.AreaName, ranks[member.Id], ranks.Count);
        }
    }

    /// <summary>Every active deputy with their stations and district, and the stations' names: the ranks' groups.</summary>
    private async Task<Roster> RosterAsync(CancellationToken cancellationToken)
    {
        var deputies = await db.Deputies.AsNoTracking().Where(d => d.IsActive).Select(d => new { d.Id, d.Code, d.Name, d.Level }).ToListAsync(cancellationToken);
        var enrolments = (await db.DeputyStations.AsNoTracking().Where(e => e.Deputy.IsActive)
            .Select(e => new { e.DeputyId, e.StationId, e.IsPrimary }).ToListAsync(cancellationToken)).ToLookup(e => e.DeputyId);
        var stations = await db.Stations.AsNoTracking().Select(s => new { s.Id, s.Code, s.Name, s.Region.Path }).ToListAsync(cancellationToken);
        var areas = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.City || r.Level == RegionLevel.District)
            .Select(r => new { r.Code, r.Name, r.Level }).ToDictionaryAsync(r => r.Code, cancellationToken);
        var stationRefs = stations.ToDictionary(s => s.Id, s =>
        {
            var area = s.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(areas.GetValueOrDefault).LastOrDefault(a => a is not null);
            return new StationRef(s.Id, s.Code, s.Name, area?.Code ?? string.Empty, area?.Name ?? NoAreaName);
        });
        var members = deputies.ToDictionary(d => d.Id, d =>
        {
            var enrolled = enrolments[d.Id].OrderByDescending(e => e.IsPrimary).ThenBy(e => e.StationId).ToList();
            var primary = enrolled.Count == 0 ? null : stationRefs[enrolled[0].StationId];
            return new Member(d.Id, d.Code, d.Name, d.Level, enrolled.Select(e => e.StationId).ToList(), primary?.Id, primary?.AreaCode ?? string.Empty, primary?.AreaName ?? NoAreaName);
        });
        return new Roster(members, stationRefs);
    }

    private sealed record StationRef(int Id, string Code, string Name, string AreaCode, string AreaName);

    private sealed record Member(int Id, string Code, string Name, DeputyLevel Level, IReadOnlyList<int> StationIds, int? PrimaryStationId, string AreaCode, string AreaName);

    private sealed record Roster(Dictionary<int, Member> Members, Dictionary<int, StationRef> Stations);
}
