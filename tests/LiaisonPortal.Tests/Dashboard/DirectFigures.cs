using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Dashboard;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Dashboard;

/// <summary>
/// The dashboard's figures counted the plain way, straight from the opinions, assignments, ratings and logs (all loaded,
/// counted in C#), for comparison with the rollups.
/// </summary>
public sealed record DirectFigures(
    DashboardCounts Month,
    DashboardCounts Year,
    IReadOnlyList<DashboardMonthPoint> Trend,
    IReadOnlyDictionary<string, int> ReceivedByCategory,
    int Unclassified,
    IReadOnlyDictionary<string, DashboardCounts> ByStation,
    IReadOnlyDictionary<string, (int Assigned, int OnTime, int Answered, int WorkingDays)> ByUnit,
    DashboardReception ReceptionMonth,
    DashboardReception ReceptionYear)
{
    private static readonly OpinionState[] Open = [OpinionState.Received, OpinionState.Classified, OpinionState.Assigned, OpinionState.Answered, OpinionState.FedBack];

    public static async Task<DirectFigures> CountAsync(DatabaseFixture fixture, string regionCode, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        return await fixture.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Core.Data.ApplicationDbContext>();
            var path = await db.Regions.Where(r => r.Code == regionCode).Select(r => r.Path).SingleAsync();
            var stations = await db.Stations.Where(s => s.Region.Path.StartsWith(path)).Select(s => new { s.Id, s.Code, s.IsActive }).ToListAsync();
            var stationIds = stations.Select(s => s.Id).ToList();
            var categories = await db.Categories.Select(c => new { c.Id, c.Code, ParentCode = c.Parent == null ? null : c.Parent.Code }).ToDictionaryAsync(c => c.Id);
            var all = await db.Opinions.AsNoTracking().Where(o => stationIds.Contains(o.StationId)).ToListAsync();
            var opinionIds = all.Select(o => o.Id).ToList();
            var leads = await db.OpinionAssignments.AsNoTracking().Where(a => opinionIds.Contains(a.OpinionId) && a.Round == 1 && a.IsLead)
                .Select(a => new { a.OpinionId, a.AssignedAt, a.AnsweredAt, a.AnswerDueOn, UnitCode = a.HandlingUnit.Code }).ToDictionaryAsync(a => a.OpinionId);
            var ratings = (await db.OpinionEvaluations.AsNoTracking().Where(e => opinionIds.Contains(e.OpinionId)).ToListAsync())
                .GroupBy(e => e.OpinionId).ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Round).ThenByDescending(e => e.At).First().Rating);
            var rules = await services.GetRequiredService<WorkingDayCalendar>().RulesForAsync(new DateOnly(year - 1, 1, 1), new DateOnly(year + 2, 1, 1));

            static DateOnly ChinaDay(DateTimeOffset at) => DateOnly.FromDateTime(ChinaTime.Of(at).DateTime);
            var monthStart = new DateOnly(year, month, 1);
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            var counted = all.Where(o => o.State != OpinionState.Merged).ToList();
            List<Opinion> Received(DateOnly from, DateOnly to) => counted.Where(o => ChinaDay(o.ReceivedAt) >= from && ChinaDay(o.ReceivedAt) <= to).ToList();
            bool OnTime(Opinion o) => leads.TryGetValue(o.Id, out var a) && a.AnsweredAt is { } at && ChinaDay(at) <= a.AnswerDueOn;
            DashboardCounts Counts(IReadOnlyCollection<Opinion> opinions) => new(
                opinions.Count,
                opinions.Count(o => Open.Contains(o.State)),
                opinions.Count(o => o.IsOverdue),
                opinions.Count(o => o.State == OpinionState.Closed),
                opinions.Count(o => leads.ContainsKey(o.Id)),
                opinions.Count(OnTime),
                opinions.Count(o => ratings.ContainsKey(o.Id)),
                opinions.Count(o => ratings.TryGetValue(o.Id, out var r) && r is Rating.Satisfied or Rating.BasicallySatisfied));

            var thisMonth = Received(monthStart, monthEnd);
            var thisYear = Received(new DateOnly(year, 1, 1), monthEnd);
            var trend = Enumerable.Range(1, month).Select(m => new DateOnly(year, m, 1))
                .Select(m => Received(m, m.AddMonths(1).AddDays(-1)))
                .Select((list, i) => new DashboardMonthPoint(new DateOnly(year, i + 1, 1), list.Count, list.Count(o => o.State == OpinionState.Closed)))
                .ToList();
            var byCategory = thisYear.Where(o => o.CategoryId is not null)
                .GroupBy(o => categories[o.CategoryId!.Value].ParentCode ?? categories[o.CategoryId!.Value].Code)
                .ToDictionary(g => g.Key, g => g.Count());
            var byStation = stations.ToDictionary(s => s.Code, s => Counts(thisYear.Where(o => o.StationId == s.Id).ToList()));
            var byUnit = thisYear.Where(o => leads.ContainsKey(o.Id)).GroupBy(o => leads[o.Id].UnitCode).ToDictionary(
                g => g.Key,
                g => (g.Count(), g.Count(OnTime), g.Count(o => leads[o.Id].AnsweredAt is not null),
                    g.Where(o => leads[o.Id].AnsweredAt is not null).Sum(o => rules.Between(ChinaDay(leads[o.Id].AssignedAt), ChinaDay(leads[o.Id].AnsweredAt!.Value)))));

            var logs = await db.ReceptionLogs.AsNoTracking().Where(l => stationIds.Contains(l.StationId)).Select(l => new { l.StationId, l.Date }).Distinct().ToListAsync();
            var planned = await services.GetRequiredService<ReceptionCalendar>().DaysAsync(
                stations.Where(s => s.IsActive).Select(s => s.Id).ToList(), new DateOnly(year, 1, 1), monthEnd);
            var plannedDays = planned.SelectMany(p => p.Value.Select(d => (p.Key, d.Date))).Distinct().ToList();
            DashboardReception Reception(DateOnly from) => new(
                logs.Count(l => l.Date >= from && l.Date <= monthEnd), plannedDays.Count(d => d.Date >= from && d.Date <= monthEnd));

            return new DirectFigures(
                Counts(thisMonth), Counts(thisYear), trend, byCategory, thisYear.Count(o => o.CategoryId is null), byStation, byUnit,
                Reception(monthStart), Reception(new DateOnly(year, 1, 1)));
        });
    }
}
