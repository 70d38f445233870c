using System.Data.Common;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace LiaisonPortal.Tests.Performance;

/// <summary>
/// The office queue's counts by state at scale (issue 10): 60,000 opinions inserted with one SQL statement (most of
/// them closed, as in a portal that has run for years), then the commands CaseLists really sends are captured and
/// EXPLAINed on that table. 60,000 rows after VACUUM ANALYZE are enough for the planner to choose as it does at
/// 1,000,000 (where the numbers in the report come from); no planner setting is forced.
/// </summary>
public sealed class QueueCountTests(DemoDatabaseFixture database) : IClassFixture<DemoDatabaseFixture>, IAsyncLifetime
{
    private const int Size = 60_000;

    /// <summary>Once for the class (each test's InitializeAsync runs it; the second finds the rows). States by n: 2% received, 3% classified, 5% assigned, 90% closed; every station of the demo city.</summary>
    private const string SeedSql = """
        INSERT INTO "Opinions" ("TrackingCode", "Title", "Content", "Channel", "State", "StationId", "ReceivedAt", "UpdatedAt",
            "FeedbackDueOn", "FeedbackRound", "HandlingRound", "IsAnonymous", "IsOverdue", "LeaderAttention", "MayContact", "Supervision")
        SELECT 'QC' || lpad(n::text, 8, '0'), '队列计数 ' || n, '队列计数测试 ' || n, 1,
               CASE WHEN n % 100 < 2 THEN 1 WHEN n % 100 < 5 THEN 3 WHEN n % 100 < 10 THEN 4 ELSE 8 END,
               st.a[1 + n % array_length(st.a, 1)], now() - n * interval '10 minutes', now(), current_date + 30, 0, 1, false, false, false, false, 0
        FROM generate_series(1, {0}) AS n CROSS JOIN (SELECT array_agg("Id" ORDER BY "Id") AS a FROM "Stations") st
        WHERE NOT EXISTS (SELECT 1 FROM "Opinions" WHERE "TrackingCode" = 'QC00000001');
        """;

    public async Task InitializeAsync()
    {
        await database.QueryAsync(db => db.Database.ExecuteSqlRawAsync(SeedSql.Replace("{0}", Size.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        await database.QueryAsync(db => db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE \"Opinions\""));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheCityQueueCountsEachStateUpToTheCapFromAStateIndexAloneWithoutAStationList()
    {
        var city = await database.QueryAsync(db => db.Regions.Where(r => r.ParentId == null).Select(r => r.Id).SingleAsync());
        var captured = new CapturedCommands();
        await using var db = Context(captured);
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var lists = new CaseLists(db, new ScopeDirectory(db), cache);

        var counts = await lists.CountByStateAsync(StaffScope.ForRegion(city), new CaseFilter());

        Assert.NotNull(counts);
        var exact = await database.QueryAsync(d => d.Opinions.GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        foreach (var (state, n) in exact)
        {
            // Exact below the cap; CountCap + 1 ("1000+") above it.
            Assert.Equal(Math.Min(n, CaseLists.CountCap + 1), counts[state]);
        }

        Assert.Equal(CaseLists.CountCap + 1, counts[OpinionState.Closed]);
        Assert.Equal("1000+", Web.Hosting.CaseQueueModel.CountText(counts[OpinionState.Closed]));

        var count = Assert.Single(captured.Commands, c => c.CommandText.Contains("count(", StringComparison.Ordinal) && c.CommandText.Contains("\"Opinions\"", StringComparison.Ordinal));
        // The city holds every station: no list of station ids for the planner to work through.
        Assert.DoesNotContain("\"StationId\"", count.CommandText, StringComparison.Ordinal);
        var plan = await ExplainAsync(count);
        var scans = Nodes(plan).Where(n => n.Relation == "Opinions").ToList();
        Assert.NotEmpty(scans);
        Assert.All(scans, n =>
        {
            Assert.Equal("Index Only Scan", n.Type);
            Assert.StartsWith("IX_Opinions_State_", n.Index, StringComparison.Ordinal);
        });

        // The verdict that the filter can be counted (from EXPLAIN's estimate) is kept for the scope and filter, so the
        // next page asks no EXPLAIN; the state asked for does not matter.
        Assert.Equal(1, cache.Count);
        Assert.NotNull(await lists.CountByStateAsync(StaffScope.ForRegion(city), new CaseFilter(State: OpinionState.Closed)));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task TheQueuePageScopesOpinionsByTheStationIdsAndWalksTheKeysetIndex()
    {
        var district = await database.QueryAsync(db => db.Regions.Where(r => r.Code == "990102").Select(r => r.Id).SingleAsync());
        var captured = new CapturedCommands();
        await using var db = Context(captured);
        var lists = new CaseLists(db, new ScopeDirectory(db), new MemoryCache(new MemoryCacheOptions()));

        var first = await lists.ListAsync(StaffScope.ForRegion(district), new CaseFilter(), null, 30);
        var deep = await lists.ListAsync(StaffScope.ForRegion(district), new CaseFilter(), first.After, 30);

        Assert.Equal(30, first.Items.Count);
        Assert.Equal(30, deep.Items.Count);
        Assert.True(first.Items[^1].ReceivedAt >= deep.Items[0].ReceivedAt);
        var pages = captured.Commands.Where(c => c.CommandText.Contains("ORDER BY", StringComparison.Ordinal) && c.CommandText.Contains("\"Opinions\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pages.Count);
        foreach (var page in pages)
        {
            // The scope is a list of station ids (= ANY), not the region path's prefix, and the page is read in key order.
            Assert.Contains("ANY (", page.CommandText, StringComparison.Ordinal);
            var scans = Nodes(await ExplainAsync(page)).Where(n => n.Relation == "Opinions").ToList();
            Assert.Contains(scans, n => n.Index == "IX_Opinions_ReceivedAt_Id");
            Assert.DoesNotContain(scans, n => n.Type == "Seq Scan");
        }
    }

    private ApplicationDbContext Context(CapturedCommands captured) =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(database.ConnectionString).AddInterceptors(captured).Options);

    private async Task<string> ExplainAsync(DbCommand command)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + command.CommandText, connection);
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        return (string)(await explain.ExecuteScalarAsync())!;
    }

    private static List<(string Type, string? Relation, string? Index)> Nodes(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var nodes = new List<(string Type, string? Relation, string? Index)>();
        void Walk(System.Text.Json.JsonElement node)
        {
            nodes.Add((node.GetProperty("Node Type").GetString()!,
                node.TryGetProperty("Relation Name", out var relation) ? relation.GetString() : null,
                node.TryGetProperty("Index Name", out var index) ? index.GetString() : null));
            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }

        Walk(document.RootElement[0].GetProperty("Plan"));
        return nodes;
    }

    /// <summary>The reader commands a context sends, kept (text and parameters) to be EXPLAINed afterwards.</summary>
    private sealed class CapturedCommands : DbCommandInterceptor
    {
        public List<DbCommand> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var copy = new NpgsqlCommand(command.CommandText);
            foreach (NpgsqlParameter parameter in command.Parameters)
            {
                copy.Parameters.Add(parameter.Clone());
            }

            Commands.Add(copy);
            return ValueTask.FromResult(result);
        }
    }
}
