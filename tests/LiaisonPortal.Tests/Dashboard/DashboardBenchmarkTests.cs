using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Dashboard;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Dashboard;

/// <summary>
/// The dashboard on many opinions (LIAISON_DASHBOARD_OPINIONS, 100,000 by default; 1,000,000 for the README's numbers),
/// inserted with SQL over three years up to now (states by age, round-1 lead assignments with answers, co-units, ratings):
/// the rollups rebuilt, the whole dashboard (every query) timed for a district office and the city, EXPLAIN printed for
/// its queries, and the cost a move pays for its refresh. The bound asserted is generous; the numbers are for the report.
/// </summary>
public sealed class DashboardBenchmarkTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    public const string SizeVariable = "LIAISON_DASHBOARD_OPINIONS";
    private const int Runs = 21;

    /// <summary>{0} is the number of opinions. Every station (busy ones much busier), category and unit is used.</summary>
    private const string SeedSql = """
        INSERT INTO "Opinions" ("TrackingCode", "Title", "Content", "Channel", "State", "StationId", "CategoryId", "Grade", "ReceivedAt", "UpdatedAt",
            "FeedbackDueOn", "FeedbackRound", "HandlingRound", "IsAnonymous", "IsOverdue", "LeaderAttention", "MayContact", "Supervision", "ClosedAt", "FedBackAt")
        SELECT 'BM' || lpad(g.n::text, 8, '0'), '基准意见 ' || g.n, '基准测试生成的意见内容，编号 ' || g.n, 1 + g.n % 7, g.state,
               st.a[1 + floor(array_length(st.a, 1) * power((g.n * 37 % 1000) / 1000.0, 2))::int],
               CASE WHEN g.state = 1 AND g.n % 3 = 0 THEN NULL ELSE cat.a[1 + g.n * 13 % array_length(cat.a, 1)] END,
               1 + g.n % 3, g.received, g.received, (g.received AT TIME ZONE 'Asia/Shanghai')::date + 30, CASE WHEN g.state IN (6, 7, 8) THEN 1 ELSE 0 END, 1,
               false, g.state IN (1, 3, 4, 5) AND g.n % 5 = 0, false, false, 0,
               CASE WHEN g.state = 8 THEN g.received + (5 + g.n % 36) * interval '1 day' END,
               CASE WHEN g.state IN (6, 7, 8) THEN g.received + (4 + g.n % 30) * interval '1 day' END
        FROM (SELECT n, received,
                     CASE WHEN age > 60 THEN
                          CASE WHEN n * 31 % 100 < 85 THEN 8 WHEN n * 31 % 100 < 90 THEN 2 WHEN n * 31 % 100 < 93 THEN 9 WHEN n * 31 % 100 < 95 THEN 10 ELSE 7 END
                     ELSE (ARRAY[1, 3, 4, 4, 5, 6, 8, 8, 4, 3])[1 + n * 31 % 10] END AS state
              FROM (SELECT n, now() - (({0} - n) * 1096.0 / {0}) * interval '1 day' - (n % 9) * interval '1 hour' AS received,
                           ({0} - n) * 1096.0 / {0} AS age
                    FROM generate_series(1, {0}) AS n) s) g
        CROSS JOIN (SELECT array_agg("Id" ORDER BY "Id") AS a FROM "Stations") st
        CROSS JOIN (SELECT array_agg("Id" ORDER BY "Id") AS a FROM "Categories") cat;
        INSERT INTO "OpinionAssignments" ("OpinionId", "Round", "HandlingUnitId", "IsLead", "AssignedAt", "AnswerDueOn", "AnsweredAt", "Answer", "Result")
        SELECT o."Id", 1, u.a[1 + o."Id" * 7 % array_length(u.a, 1)], true, o."ReceivedAt" + interval '2 days',
               ((o."ReceivedAt" + interval '2 days') AT TIME ZONE 'Asia/Shanghai')::date + 14,
               CASE WHEN o."State" IN (5, 6, 7, 8) THEN o."ReceivedAt" + (3 + o."Id" % 20) * interval '1 day' END,
               CASE WHEN o."State" IN (5, 6, 7, 8) THEN '已办理' END, CASE WHEN o."State" IN (5, 6, 7, 8) THEN 1 + o."Id" % 3 END
        FROM "Opinions" o CROSS JOIN (SELECT array_agg("Id" ORDER BY "Id") AS a FROM "HandlingUnits") u
        WHERE o."TrackingCode" LIKE 'BM%' AND o."State" IN (4, 5, 6, 7, 8);
        INSERT INTO "OpinionAssignments" ("OpinionId", "Round", "HandlingUnitId", "IsLead", "AssignedAt", "AnswerDueOn")
        SELECT o."Id", 1, u.a[1 + (o."Id" * 7 + 1) % array_length(u.a, 1)], false, o."ReceivedAt" + interval '2 days',
               ((o."ReceivedAt" + interval '2 days') AT TIME ZONE 'Asia/Shanghai')::date + 14
        FROM "Opinions" o CROSS JOIN (SELECT array_agg("Id" ORDER BY "Id") AS a FROM "HandlingUnits") u
        WHERE o."TrackingCode" LIKE 'BM%' AND o."State" IN (4, 5, 6, 7, 8) AND o."Id" % 10 = 0;
        INSERT INTO "OpinionEvaluations" ("OpinionId", "Round", "Rating", "At")
        SELECT o."Id", 1, CASE WHEN o."Id" % 10 < 7 THEN 1 WHEN o."Id" % 10 < 9 THEN 2 ELSE 3 END, o."FedBackAt" + interval '1 day'
        FROM "Opinions" o WHERE o."TrackingCode" LIKE 'BM%' AND (o."State" = 7 OR (o."State" = 8 AND o."Id" % 5 < 3));
        """;

    public static int Size => int.TryParse(Environment.GetEnvironmentVariable(SizeVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100_000;

    [Fact]
    public async Task TheWholeDashboardAnswersFastOnManyOpinions()
    {
        var size = Size;
        var clock = Stopwatch.StartNew();
        await database.QueryAsync(async db =>
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(20));
            await db.Database.ExecuteSqlRawAsync(SeedSql.Replace("{0}", size.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            return 0;
        });
        var seeded = clock.Elapsed;
        clock.Restart();
        var rows = await database.WithScopeAsync(async s =>
        {
            s.GetRequiredService<Core.Data.ApplicationDbContext>().Database.SetCommandTimeout(TimeSpan.FromMinutes(20));
            return await s.GetRequiredService<DashboardRollups>().RebuildAsync();
        });
        var rebuilt = clock.Elapsed;
        await database.QueryAsync(db => db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE"));
        output.WriteLine(FormattableString.Invariant($"{size:N0} opinions inserted in {seeded.TotalSeconds:0.0} s; rollups rebuilt in {rebuilt.TotalSeconds:0.0} s ({rows:N0} rows)"));

        var district = await database.QueryAsync(async db => await db.Regions.Where(r => r.Code == DashboardTestData.East).Select(r => new { r.Id, r.Path }).SingleAsync());
        var (districtId, districtPath) = (district.Id, district.Path);
        var today = ChinaTime.Today(TimeProvider.System);
        var results = new List<(string Name, double Median, double P95, int Received)>();
        foreach (var (name, scope) in new[] { ("district office (东湖区), this month + year so far", StaffScope.ForRegion(districtId)), ("administrator, whole city", StaffScope.Everything) })
        {
            var timings = new List<double>();
            OfficeDashboardView? view = null;
            for (var run = 0; run < Runs + 2; run++)
            {
                // A new scope per run, as a request has: no tracked entities or cached plans of the context carried over.
                await using var scoped = database.Services.CreateAsyncScope();
                var dashboard = scoped.ServiceProvider.GetRequiredService<OfficeDashboard>();
                var watch = Stopwatch.StartNew();
                view = await dashboard.ViewAsync(scope, null, today.Year, today.Month);
                if (run >= 2)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            timings.Sort();
            results.Add((name, timings[timings.Count / 2], timings[(int)Math.Ceiling(timings.Count * 0.95) - 1], view!.ThisYear.Received));
        }

        foreach (var (name, median, p95, received) in results)
        {
            output.WriteLine(FormattableString.Invariant($"dashboard, {name}: median {median:0.0} ms, p95 {p95:0.0} ms over {Runs} runs ({received:N0} opinions this year)"));
        }

        // The figures are the opinions' own: this year's received in the district, counted directly.
        var from = OfficeDashboard.Start(new DateOnly(today.Year, 1, 1));
        var until = OfficeDashboard.Start(new DateOnly(today.Year, today.Month, 1).AddMonths(1));
        var direct = await database.QueryAsync(db => db.Opinions.CountAsync(o => o.Station.Region.Path.StartsWith(districtPath)
            && o.State != Core.Opinions.OpinionState.Merged && o.ReceivedAt >= from && o.ReceivedAt < until));
        Assert.Equal(direct, results[0].Received);

        await ExplainAsync(districtId, today);
        var refresh = await RefreshCostAsync(today);
        output.WriteLine(FormattableString.Invariant($"a move's refresh of the busiest station's month: median {refresh:0.0} ms"));
        Assert.All(results, r => Assert.True(r.Median < 3000, FormattableString.Invariant($"{r.Name}: median {r.Median:0} ms")));
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of the dashboard's two heavy reads: the rollup rows of the year and the live overdue count.</summary>
    private async Task ExplainAsync(int districtId, DateOnly today)
    {
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var from = OfficeDashboard.Start(new DateOnly(today.Year, 1, 1));
        var until = OfficeDashboard.Start(monthStart.AddMonths(1));
        string[] queries =
        [
            $"""
            SELECT d.* FROM "DashboardMonths" d
            WHERE EXISTS (SELECT 1 FROM "Stations" s WHERE s."Id" = d."StationId" AND EXISTS (SELECT 1 FROM "Regions" r WHERE r."Id" = s."RegionId"
                  AND EXISTS (SELECT 1 FROM "Regions" root WHERE root."Id" = {districtId} AND r."Path" LIKE root."Path" || '%')))
              AND d."Month" >= DATE '{today.Year}-01-01' AND d."Month" <= DATE '{monthStart:yyyy-MM-dd}'
            """,
            $"""
            SELECT o."ReceivedAt" >= TIMESTAMPTZ '{OfficeDashboard.Start(monthStart):O}', count(*) FROM "Opinions" o
            WHERE EXISTS (SELECT 1 FROM "Stations" s WHERE s."Id" = o."StationId" AND EXISTS (SELECT 1 FROM "Regions" r WHERE r."Id" = s."RegionId"
                  AND EXISTS (SELECT 1 FROM "Regions" root WHERE root."Id" = {districtId} AND r."Path" LIKE root."Path" || '%')))
              AND o."IsOverdue" AND o."State" <> 9 AND o."ReceivedAt" >= TIMESTAMPTZ '{from:O}' AND o."ReceivedAt" < TIMESTAMPTZ '{until:O}'
            GROUP BY 1
            """,
        ];
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var query in queries)
        {
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + query, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var plan = new List<string>();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }

            output.WriteLine(string.Join(Environment.NewLine, plan));
            Assert.Contains(plan, line => line.Contains("Index", StringComparison.Ordinal));
        }
    }

    /// <summary>What a move adds to its save: recounting the month of the busiest station (median of 5).</summary>
    private async Task<double> RefreshCostAsync(DateOnly today)
    {
        var busiest = await database.QueryAsync(db => db.Opinions.GroupBy(o => o.StationId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync());
        var key = new DashboardKey(busiest, new DateOnly(today.Year, today.Month, 1).AddMonths(-1));
        var timings = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            await using var scoped = database.Services.CreateAsyncScope();
            var rollups = scoped.ServiceProvider.GetRequiredService<DashboardRollups>();
            var watch = Stopwatch.StartNew();
            await rollups.RefreshAsync([key]);
            if (run > 0)
            {
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        timings.Sort();
        return timings[timings.Count / 2];
    }
}
