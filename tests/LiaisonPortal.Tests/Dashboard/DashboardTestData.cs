using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Tests.Dashboard;

/// <summary>
/// Opinions on the demo data for the dashboard, all in <see cref="Year"/> (last year, so every month is over) unless meant to
/// be left out: <see cref="Count"/> opinions spread over every demo station (东湖区 and 西山区), month, category and state,
/// with round-1 lead assignments (some late, some co-units, some second rounds), ratings (some rated twice), the overdue
/// flag on some open ones, a few opinions of the year before, and reception logs. Saved in several steps, the way the
/// workflow saves (new opinions, then assignments, ratings, moves, a committed transaction and a rolled-back one), so
/// the rollups are kept by the saves themselves.
/// </summary>
public static class DashboardTestData
{
    public const int Count = 360;

    public const string East = "990102";

    public const string West = "990103";

    public static int Year => ChinaTime.Today(TimeProvider.System).Year - 1;

    public static DateTimeOffset China(int year, int month, int day, int hour = 10) =>
        new DateTimeOffset(year, month, day, hour, 0, 0, ChinaTime.Offset).ToUniversalTime();

    private static readonly OpinionState[] States =
    [
        OpinionState.Received, OpinionState.Classified, OpinionState.Assigned, OpinionState.Answered, OpinionState.FedBack,
        OpinionState.Evaluated, OpinionState.Closed, OpinionState.Closed, OpinionState.Refused, OpinionState.Merged, OpinionState.Closed,
    ];

    public static async Task SeedAsync(DatabaseFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var year = Year;
        var ids = await fixture.QueryAsync(async db =>
        {
            var stations = await db.Stations.Where(s => s.Region.Path.Contains("/" + East + "/") || s.Region.Path.Contains("/" + West + "/"))
                .OrderBy(s => s.Code).Select(s => s.Id).ToListAsync();
            var categories = await db.Categories.OrderBy(c => c.Code).Select(c => c.Id).ToListAsync();
            var opinions = Enumerable.Range(1, Count).Select(i =>
            {
                // Some stations much busier than others.
                var station = stations[(i % 7 == 0 ? i / 7 : i % 5) % stations.Count];
                var received = China(year, 1 + i % 12, 1 + i % 27, i % 24);
                var opinion = new Opinion($"DSH{i:D5}", OpinionChannel.Web, station, null, $"一屏测试 {i}", $"一屏纵览测试的意见内容 {i}", received)
                {
                    CategoryId = i % 6 == 0 ? null : categories[i % categories.Count],
                };
                return opinion;
            }).ToList();
            // Left out: the year before (and a merged duplicate of this year, above).
            opinions.AddRange(Enumerable.Range(1, 12).Select(i => new Opinion($"DSHOLD{i:D2}", OpinionChannel.Web, stations[i % stations.Count], null, "去年的意见", "去年收到的意见内容", China(year - 1, i, 15))));
            db.Opinions.AddRange(opinions);
            await db.SaveChangesAsync();
            return opinions.Select(o => o.Id).ToList();
        });

        await fixture.QueryAsync(async db =>
        {
            var units = await db.HandlingUnits.OrderBy(u => u.Code).Select(u => u.Id).ToListAsync();
            var opinions = await db.Opinions.Where(o => ids.Contains(o.Id) && o.TrackingCode.StartsWith("DSH0")).OrderBy(o => o.TrackingCode).ToListAsync();
            for (var n = 0; n < opinions.Count; n++)
            {
                var i = n + 1;
                var opinion = opinions[n];
                var state = States[i % States.Length];
                if (state is OpinionState.Assigned or OpinionState.Answered or OpinionState.FedBack or OpinionState.Evaluated or OpinionState.Closed)
                {
                    var assignedAt = opinion.ReceivedAt.AddDays(1 + i % 3);
                    var due = DateOnly.FromDateTime(ChinaTime.Of(assignedAt).DateTime).AddDays(14);
                    DateTimeOffset? answered = state == OpinionState.Assigned ? null : assignedAt.AddDays(3 + i * 7 % 19).AddHours(i % 5);
                    db.OpinionAssignments.Add(new OpinionAssignment(opinion.Id, 1, units[i % units.Count], true, assignedAt, due) { AnsweredAt = answered });
                    if (i % 4 == 0)
                    {
                        db.OpinionAssignments.Add(new OpinionAssignment(opinion.Id, 1, units[(i + 1) % units.Count], false, assignedAt, due) { AnsweredAt = answered });
                    }
                }
            }

            return await db.SaveChangesAsync();
        });

        await fixture.QueryAsync(async db =>
        {
            var opinions = await db.Opinions.Where(o => o.TrackingCode.StartsWith("DSH0")).OrderBy(o => o.TrackingCode).ToListAsync();
            for (var n = 0; n < opinions.Count; n++)
            {
                var i = n + 1;
                var opinion = opinions[n];
                var state = States[i % States.Length];
                opinion.State = state;
                opinion.IsOverdue = state is OpinionState.Received or OpinionState.Classified or OpinionState.Assigned && i % 3 != 1;
                if (state == OpinionState.Closed)
                {
                    opinion.ClosedAt = opinion.ReceivedAt.AddDays(20);
                }

                if (state is OpinionState.Evaluated or OpinionState.Closed && i % 3 != 2)
                {
                    db.OpinionEvaluations.Add(new OpinionEvaluation(opinion.Id, 1, (Rating)(1 + i % 3), null, opinion.ReceivedAt.AddDays(18)));
                    if (i % 5 == 0)
                    {
                        db.OpinionEvaluations.Add(new OpinionEvaluation(opinion.Id, 2, Rating.Satisfied, null, opinion.ReceivedAt.AddDays(19)));
                    }
                }
            }

            return await db.SaveChangesAsync();
        });

        // A move inside an explicit transaction (refreshed at the commit) and one rolled back (never counted).
        await fixture.QueryAsync(async db =>
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                var reclassified = await db.Opinions.Where(o => o.TrackingCode == "DSH00007").SingleAsync();
                reclassified.CategoryId = await db.Categories.OrderByDescending(c => c.Code).Select(c => c.Id).FirstAsync();
                await db.SaveChangesAsync();
                var closed = await db.Opinions.Where(o => o.TrackingCode == "DSH00006").SingleAsync();
                closed.State = OpinionState.Closed;
                closed.ClosedAt = closed.ReceivedAt.AddDays(9);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            db.ChangeTracker.Clear();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                var opinion = await db.Opinions.Where(o => o.TrackingCode == "DSH00008").SingleAsync();
                opinion.State = OpinionState.Refused;
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            }

            return 0;
        });

        // Reception logs: 3 days at the first 东湖区 station in March (one day logged twice), 1 at a 西山区 station in June.
        await fixture.QueryAsync(async db =>
        {
            var east = await db.Stations.Where(s => s.Code == "990102001-01").Select(s => s.Id).SingleAsync();
            var west = await db.Stations.Where(s => s.Code == "990103-01").Select(s => s.Id).SingleAsync();
            db.ReceptionLogs.AddRange(
                new ReceptionLog(east, new DateOnly(year, 3, 17), ReceptionMode.AtStation, China(year, 3, 17)) { PeopleReceived = 5 },
                new ReceptionLog(east, new DateOnly(year, 3, 17), ReceptionMode.Visit, China(year, 3, 17, 15)) { PeopleReceived = 2 },
                new ReceptionLog(east, new DateOnly(year, 3, 20), ReceptionMode.AtStation, China(year, 3, 20)) { PeopleReceived = 3 },
                new ReceptionLog(east, new DateOnly(year, 12, 15), ReceptionMode.AtStation, China(year, 12, 15)) { PeopleReceived = 4 },
                new ReceptionLog(west, new DateOnly(year, 6, 16), ReceptionMode.AtStation, China(year, 6, 16)) { PeopleReceived = 6 });
            return await db.SaveChangesAsync();
        });
    }
}
