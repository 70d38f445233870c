using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiaisonPortal.Tests.Performance;

/// <summary>
/// Rankings of 2,000 deputies at 40 stations with a year of facts (inserted with one SQL statement per table: 12,000
/// check-ins, 8,000 duties, 20,000 opinions, 4,000 suggestions and co-signatures, 6,000 activity participations):
/// measured and printed. The bound asserted is generous; the number is for the report.
/// </summary>
public sealed class PerformanceTimingTests(DemoDatabaseFixture database, ITestOutputHelper output) : IClassFixture<DemoDatabaseFixture>
{
    private const int Deputies = 2_000;
    private const int Stations = 40;
    private const int Runs = 5;
    private static readonly int Year = PerformanceTestData.Year;

    [Fact]
    public async Task RankingTwoThousandDeputiesWithAYearOfFactsIsMeasured()
    {
        var districtId = await SeedAsync();
        var scope = StaffScope.ForRegion(districtId);

        async Task<(T Result, double Milliseconds)> TimeAsync<T>(Func<PerformanceFiles, Task<T>> run)
        {
            await using var scoped = database.Services.CreateAsyncScope();
            var files = scoped.ServiceProvider.GetRequiredService<PerformanceFiles>();
            var clock = Stopwatch.StartNew();
            var result = await run(files);
            return (result, clock.Elapsed.TotalMilliseconds);
        }

        var (ranking, first) = await TimeAsync(f => f.RankingsAsync(scope, Year, new RankingQuery()));
        Assert.Equal(Deputies, ranking.Rows.Count);
        // Every deputy checked in 6 times (1 or 2 of them visits) and had 10 opinions: the counts add up.
        Assert.Equal(Deputies * 6, ranking.Rows.Sum(r => r.Score[PerformanceFact.ReceptionAttended].Count + r.Score[PerformanceFact.VisitMade].Count));
        Assert.Equal(Deputies * 10, ranking.Rows.Sum(r => r.Score[PerformanceFact.OpinionReceived].Count));
        Assert.Equal(Deputies * 2, ranking.Rows.Sum(r => r.Score[PerformanceFact.DutyMissed].Count));
        Assert.Equal(Deputies * 2, ranking.Rows.Sum(r => r.Score[PerformanceFact.SuggestionFiled].Count));
        Assert.Equal(Deputies, ranking.Rows.Sum(r => r.Score[PerformanceFact.SuggestionSolved].Count));
        Assert.Equal(6_000, ranking.Rows.Sum(r => r.Score[PerformanceFact.Inspection].Count + r.Score[PerformanceFact.Research].Count));
        Assert.True(ranking.Rows.Zip(ranking.Rows.Skip(1)).All(p => p.First.Score.Total >= p.Second.Score.Total), "highest total first");

        var rankings = new List<double>();
        var files = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            rankings.Add((await TimeAsync(f => f.RankingsAsync(scope, Year, new RankingQuery()))).Milliseconds);
            files.Add((await TimeAsync(f => f.FileAsync(scope, "R00007", Year))).Milliseconds);
        }

        var below = await TimeAsync(f => f.BelowMinimumAsync(scope, Year));
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Rankings of {Deputies} deputies at {Stations} stations, a year of facts: first {first:F0} ms, median {Median(rankings):F0} ms (max {rankings.Max():F0}) over {Runs} runs"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"One deputy's file (ranks among ~700 level peers and 50 at the station): median {Median(files):F0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Below-minimum list: {below.Milliseconds:F0} ms, {below.Result.Count} rows"));
        Assert.True(Median(rankings) < 5_000, "rankings of 2,000 deputies take seconds at most");
    }

    private async Task<int> SeedAsync() => await database.QueryAsync(async db =>
    {
        var city = await db.Regions.SingleAsync(r => r.Code == "990100");
        var district = new Region("990197", "测速区", RegionLevel.District, city);
        var street = new Region("990197001", "测速街道", RegionLevel.Street, district);
        db.AddRange(district, street);
        db.AddRange(Enumerable.Range(1, Stations).Select(i => new Station(string.Create(CultureInfo.InvariantCulture, $"990197001-{i:D2}"), $"测速站{i}", StationKind.LiaisonStation, street, "测速路")));
        await db.SaveChangesAsync();
        var stations = await db.Stations.Where(s => s.RegionId == street.Id).OrderBy(s => s.Code).Select(s => s.Id).ToArrayAsync();
        var unit = await db.HandlingUnits.Where(u => u.Code == "U990102-01").Select(u => u.Id).SingleAsync();
        var y = Year.ToString(CultureInfo.InvariantCulture);
        var start = $"{y}-01-01";

        // Deputies R00001…: levels County, Township, City in turn; station n % 40 (primary), every fourth also the next one.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Deputies" ("Code", "Name", "Gender", "Level", "IsActive")
            SELECT 'R' || lpad(n::text, 5, '0'), '测速代表' || n, 1 + n % 2, 4 + n % 2 - CASE WHEN n % 3 = 0 THEN 1 ELSE 0 END, true
            FROM generate_series(1, {Deputies}) AS n
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DeputyStations" ("DeputyId", "StationId", "IsPrimary")
            SELECT d."Id", ({stations})[substr(d."Code", 2)::int % {Stations} + 1], true FROM "Deputies" d WHERE d."Code" LIKE 'R%'
            UNION ALL
            SELECT d."Id", ({stations})[(substr(d."Code", 2)::int + 1) % {Stations} + 1], false FROM "Deputies" d WHERE d."Code" LIKE 'R%' AND substr(d."Code", 2)::int % 4 = 0
            """);
        // 24 logs per station, every 15 days from January 1; every sixth a visit.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ReceptionLogs" ("StationId", "Date", "Mode", "PeopleReceived", "SolvedOnSpot", "OpenedAt")
            SELECT s, {start}::date + k * 15, CASE WHEN k % 6 = 0 THEN 2 ELSE 1 END, 3, 1, now()
            FROM unnest({stations}) AS s, generate_series(0, 23) AS k
            """);
        // Each deputy checks in at 6 of its primary station's 24 logs; 4 duties, 2 on days they checked in and 2 missed (a log, no check-in).
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ReceptionLogDeputies" ("LogId", "DeputyId", "CheckedInAt")
            SELECT l."Id", e."DeputyId", now()
            FROM "DeputyStations" e JOIN "Deputies" d ON d."Id" = e."DeputyId" AND d."Code" LIKE 'R%'
            JOIN "ReceptionLogs" l ON l."StationId" = e."StationId" AND e."IsPrimary"
            WHERE ((l."Date" - {start}::date) / 15 + substr(d."Code", 2)::int) % 4 = 0
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DutyAssignments" ("StationId", "Date", "DeputyId", "Status", "AssignedAt")
            SELECT e."StationId", {start}::date + ((4 - substr(d."Code", 2)::int % 4) % 4 + (ARRAY[0, 4, 1, 5])[k]) * 15, e."DeputyId", 1, now()
            FROM "DeputyStations" e JOIN "Deputies" d ON d."Id" = e."DeputyId" AND d."Code" LIKE 'R%', generate_series(1, 4) AS k
            WHERE e."IsPrimary"
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Opinions" ("TrackingCode", "Title", "Content", "Channel", "State", "StationId", "DeputyId", "ReceivedAt", "FedBackAt", "UpdatedAt", "FeedbackDueOn",
                "FeedbackRound", "HandlingRound", "IsAnonymous", "IsOverdue", "LeaderAttention", "MayContact", "Supervision")
            SELECT 'PF' || lpad((e."DeputyId" * 10 + k)::text, 8, '0'), '测速意见', '测速意见内容', 1, CASE WHEN k % 2 = 0 THEN 6 ELSE 3 END, e."StationId", e."DeputyId",
                   ({start}::date + k * 30 + 1)::timestamp AT TIME ZONE 'Asia/Shanghai',
                   CASE WHEN k % 2 = 0 THEN ({start}::date + k * 30 + 10)::timestamp AT TIME ZONE 'Asia/Shanghai' END,
                   now(), {start}::date + k * 30 + 30, 0, 1, false, false, false, false, 0
            FROM "DeputyStations" e JOIN "Deputies" d ON d."Id" = e."DeputyId" AND d."Code" LIKE 'R%', generate_series(0, 9) AS k
            WHERE e."IsPrimary"
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Suggestions" ("Number", "DeputyId", "State", "Title", "Content", "CreatedAt", "UpdatedAt", "SubmittedAt", "Round", "IsOverdue", "IsKey")
            SELECT 'R-' || d."Id" || '-' || k, d."Id", CASE WHEN k = 0 THEN 7 ELSE 4 END, '测速建议', '测速建议的内容足够长足够长。',
                   ({start}::date + 40 + k * 100)::timestamp AT TIME ZONE 'Asia/Shanghai', now(),
                   ({start}::date + 40 + k * 100)::timestamp AT TIME ZONE 'Asia/Shanghai', 1, false, false
            FROM "Deputies" d, generate_series(0, 1) AS k WHERE d."Code" LIKE 'R%'
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SuggestionAssignments" ("SuggestionId", "Round", "HandlingUnitId", "IsLead", "AssignedAt", "DueOn", "Reply", "Grade", "RepliedAt")
            SELECT s."Id", 1, {unit}, true, s."SubmittedAt" + interval '5 days', {start}::date + 200, '答复', 1, s."SubmittedAt" + interval '30 days'
            FROM "Suggestions" s WHERE s."Number" LIKE 'R-%' AND s."State" = 7
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SuggestionCosigners" ("SuggestionId", "DeputyId")
            SELECT s."Id", (SELECT o."Id" FROM "Deputies" o WHERE o."Code" = 'R' || lpad((substr(d."Code", 2)::int % {Deputies} + 1)::text, 5, '0'))
            FROM "Suggestions" s JOIN "Deputies" d ON d."Id" = s."DeputyId" WHERE s."Number" LIKE 'R-%'
            """);
        // 400 activities (inspections and research in turn); each deputy takes part in 3 of them.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DeputyActivities" ("RegionId", "StationId", "Kind", "Date", "Title", "RecordedById", "RecordedByName", "RecordedAt", "UpdatedAt")
            SELECT {district.Id}, ({stations})[a % {Stations} + 1], 20 + a % 2, {start}::date + a % 360, '测速活动' || a, 'test', '测试', now(), now()
            FROM generate_series(0, 399) AS a
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DeputyActivityParticipants" ("ActivityId", "DeputyId")
            SELECT a."Id", d."Id"
            FROM "DeputyActivities" a JOIN "Deputies" d ON d."Code" LIKE 'R%'
                AND substr(a."Title", 5)::int IN ((substr(d."Code", 2)::int - 1) % 400, (substr(d."Code", 2)::int + 132) % 400, (substr(d."Code", 2)::int + 265) % 400)
            WHERE a."RegionId" = {district.Id}
            """);
        await db.Database.ExecuteSqlRawAsync("""
            ANALYZE "Deputies", "DeputyStations", "ReceptionLogs", "ReceptionLogDeputies", "DutyAssignments", "Opinions", "Suggestions",
                "SuggestionAssignments", "SuggestionCosigners", "DeputyActivities", "DeputyActivityParticipants"
            """);
        return district.Id;
    });
}
