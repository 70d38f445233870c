using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Database;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LiaisonPortal.Benchmarks;

/// <summary>The office queue's filter and a cursor ~90% down the filtered list.</summary>
public sealed record QueueProbe(string State, string Category, int Count, string FirstCode, string DeepCursor, string DeepFirstCode, int DeepRow)
{
    public string Query => $"state={State}&category={Uri.EscapeDataString(Category)}";
}

/// <summary>
/// The run's PostgreSQL: the embedded launcher in a fresh folder, sized for a benchmark (memory and WAL) with durability
/// left as in production (fsync, synchronous_commit and full_page_writes on: the same rules for the app and for pgbench).
/// </summary>
public static partial class BenchDatabase
{
    public const string Name = "liaison";

    /// <summary>Settings applied with ALTER SYSTEM and a restart; durability settings are not touched.</summary>
    public static IReadOnlyDictionary<string, string> Settings(bool statements = false)
    {
        var memoryMb = Machine.TotalMemoryBytes() / (1024 * 1024);
        var shared = Math.Clamp(memoryMb / 4, 128, 1024);
        var cache = Math.Clamp(memoryMb / 2, 512, 8192);
        var settings = new Dictionary<string, string>
        {
            ["shared_buffers"] = shared.ToString(CultureInfo.InvariantCulture) + "MB",
            ["effective_cache_size"] = cache.ToString(CultureInfo.InvariantCulture) + "MB",
            ["maintenance_work_mem"] = "256MB",
            ["max_wal_size"] = "4GB",
            ["checkpoint_timeout"] = "15min",
        };
        if (statements)
        {
            settings["shared_preload_libraries"] = "pg_stat_statements";
        }

        return settings;
    }

    public static async Task<EmbeddedPostgres> StartAsync(string folder, bool statements, CancellationToken cancellationToken)
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = folder, Database = Name };
        var server = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, cancellationToken);
        try
        {
            await using (var connection = new NpgsqlConnection(server.ConnectionStringFor(Name)))
            {
                await connection.OpenAsync(cancellationToken);
                foreach (var (name, value) in Settings(statements))
                {
                    await using var command = new NpgsqlCommand($"ALTER SYSTEM SET {name} = '{value}'", connection);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            // shared_buffers needs a restart; the launcher finds the same cluster again.
            await server.StopAsync();
        }
        catch
        {
            await server.StopAsync();
            throw;
        }

        var restarted = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, cancellationToken);
        if (statements)
        {
            await using var connection = new NpgsqlConnection(restarted.ConnectionStringFor(Name));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return restarted;
    }

    /// <summary>Forgets the statistics of pg_stat_statements (with <c>--statements</c>).</summary>
    public static async Task ResetStatementsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The statements that cost the most server time since the last reset, per request of the scenario.</summary>
    public static async Task<string> CostliestStatementsAsync(string connectionString, long requests, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT total_exec_time, calls, mean_exec_time, shared_blks_hit + shared_blks_read, query
            FROM pg_stat_statements
            WHERE query NOT LIKE '%pg_stat_statements%'
            ORDER BY total_exec_time DESC
            LIMIT 15
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var perRequest = Math.Max(requests, 1);
        text.Append(c, $"ms per request | calls per request | mean ms | buffers per call | statement  ({requests:N0} requests)\n");
        while (await reader.ReadAsync(cancellationToken))
        {
            var calls = reader.GetInt64(1);
            var query = string.Join(' ', reader.GetString(4).Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
            text.Append(c, $"{reader.GetDouble(0) / perRequest:0.000} | {calls / (double)perRequest:0.00} | {reader.GetDouble(2):0.000} | {reader.GetDecimal(3) / Math.Max(calls, 1):0} | {query}\n");
        }

        return text.ToString();
    }

    public static async Task<string> DescribeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT split_part(version(), ' ', 2), current_setting('shared_buffers'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('max_connections')",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"PostgreSQL {reader.GetString(0)}, shared_buffers {reader.GetString(1)}, fsync {reader.GetString(2)}, synchronous_commit {reader.GetString(3)}, max_connections {reader.GetString(4)}";
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, IReadOnlyDictionary<string, object>? parameters, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Opinions whose title carries the run's marker: what the submit scenario saved.</summary>
    public static Task<long> CountMarkedAsync(string connectionString, string marker, CancellationToken cancellationToken) =>
        ScalarAsync(connectionString, "SELECT count(*) FROM \"Opinions\" WHERE \"Title\" LIKE @pattern",
            new Dictionary<string, object> { ["pattern"] = "%（" + marker + "-%" }, cancellationToken);

    /// <summary>Of these codes, how many have a handling unit now.</summary>
    public static Task<long> CountAssignedAsync(string connectionString, IReadOnlyList<string> codes, CancellationToken cancellationToken) =>
        ScalarAsync(connectionString,
            "SELECT count(*) FROM \"Opinions\" o WHERE o.\"TrackingCode\" = ANY(@codes) AND EXISTS (SELECT 1 FROM \"OpinionAssignments\" a WHERE a.\"OpinionId\" = o.\"Id\")",
            new Dictionary<string, object> { ["codes"] = codes.ToArray() }, cancellationToken);

    /// <summary>
    /// The office queue's filter — the state and top-level category with the most cases in the account's scope — and a
    /// keyset cursor (CaseLists' format, "UtcTicks_Id") of the row 90% down that list, with the code of the first row
    /// after it. Uses the scope and the same conditions as CaseLists, newest first.
    /// </summary>
    public static async Task<QueueProbe> QueueProbeAsync(IServiceProvider services, StaffAccount office, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(office);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var scopes = scope.ServiceProvider.GetRequiredService<ScopeDirectory>();
        var normalized = office.Email.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken)
            ?? throw new BenchmarkException($"the office account {office.Email} does not exist");
        var inScope = scopes.Opinions(user.Scope).AsNoTracking();
        var busiest = await inScope
            .Where(o => o.Category != null)
            .GroupBy(o => new { o.State, Top = o.Category!.Parent != null ? o.Category.Parent.Code : o.Category.Code })
            .Select(g => new { g.Key.State, g.Key.Top, Count = g.Count() })
            .OrderByDescending(g => g.Count)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new BenchmarkException($"{office.Email} sees no classified opinions: nothing to filter the office queue by");
        var filtered = inScope.Where(o => o.State == busiest.State && o.Category != null
            && (o.Category.Code == busiest.Top || (o.Category.Parent != null && o.Category.Parent.Code == busiest.Top)));
        var ordered = filtered.OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id);
        var first = await ordered.Select(o => o.TrackingCode).FirstAsync(cancellationToken);
        var deep = Math.Max(0, (int)(busiest.Count * 0.9) - 1);
        var rows = await ordered.Skip(deep).Take(2).Select(o => new { o.ReceivedAt, o.Id, o.TrackingCode }).ToListAsync(cancellationToken);
        if (rows.Count < 2)
        {
            throw new BenchmarkException($"the office queue filter leaves only {busiest.Count} cases: too few for a deep page");
        }

        return new QueueProbe(busiest.State.ToString(), busiest.Top, busiest.Count, first, CursorOf(rows[0].ReceivedAt, rows[0].Id), rows[1].TrackingCode, deep + 1);
    }

    /// <summary>CaseLists' keyset cursor: the row's time in UTC ticks and its id.</summary>
    public static string CursorOf(DateTimeOffset at, int id) =>
        at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "_" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// pgbench's script: the single-row INSERT into "Opinions" that a citizen's submission makes (the columns EF Core
    /// writes for a new Opinion; Id and the xmin version come from the database), with fresh random values, a tracking code
    /// "PGB" + a sequence number and a title starting "pgbench-insert " so that the rows can be found and removed.
    /// </summary>
    public static string InsertScript(IReadOnlyList<(int StationId, int DeputyId)> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var stations = string.Join(",", addresses.Select(a => a.StationId.ToString(CultureInfo.InvariantCulture)));
        var deputies = string.Join(",", addresses.Select(a => a.DeputyId.ToString(CultureInfo.InvariantCulture)));
        var count = addresses.Count.ToString(CultureInfo.InvariantCulture);
        // Columns and values as EF Core writes them for a citizen's opinion (checked with log_statement=all): a third leave
        // a name and a phone (kept encrypted), a third are anonymous and a third leave only a name (both get a secret's hash).
        return $$"""
            \set k random(1, {{count}})
            \set days random(2, 60)
            \set kind random(0, 2)
            INSERT INTO "Opinions" ("AnswerDueOn", "CategoryId", "Channel", "CitizenName", "ClosedAt", "Content", "DeputyId", "EscalatedToRegionId", "FedBackAt", "FeedbackDueOn", "FeedbackRound", "Grade", "HandlingRound", "IsAnonymous", "IsOverdue", "LeaderAttention", "MayContact", "MergedIntoId", "PartnerSystemId", "PhoneCipher", "PublishedAnswer", "ReceivedAt", "ReceptionLogId", "SecretHash", "State", "StationId", "Supervision", "Title", "TrackingCode", "UpdatedAt") VALUES (NULL, NULL, 1, CASE WHEN :kind = 1 THEN NULL ELSE '张先生' END, NULL, '柳岸社区路灯不亮已经' || :days || '天了，晚上出行很不方便，老人孩子容易摔倒。希望有关部门尽快派人看一看。（' || md5(random()::text) || '）', (ARRAY[{{deputies}}])[:k], NULL, NULL, current_date + 30, 0, NULL, 1, :kind = 1, false, false, :kind = 0, NULL, NULL, CASE WHEN :kind = 0 THEN 'CfDJ8' || md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) ELSE NULL END, NULL, now(), NULL, CASE WHEN :kind = 0 THEN NULL ELSE 'CfDJ8' || md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) END, 1, (ARRAY[{{stations}}])[:k], 0, 'pgbench-insert 路灯不亮 ' || md5(random()::text), 'PGB' || lpad(nextval('bench_pgbench_seq')::text, 7, '0'), now()) RETURNING "Id", xmin;

            """;
    }

    /// <summary>(station, deputy) pairs of real opinions addressed to a deputy: where pgbench's rows go.</summary>
    public static async Task<IReadOnlyList<(int StationId, int DeputyId)>> AddressesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT \"StationId\", \"DeputyId\" FROM (SELECT \"StationId\", \"DeputyId\" FROM \"Opinions\" WHERE \"DeputyId\" IS NOT NULL LIMIT 5000) o LIMIT 50",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<(int, int)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return list.Count > 0 ? list : throw new BenchmarkException("no opinion addressed to a deputy: pgbench has nowhere to insert");
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>pgbench's "tps = 1234.5 (without initial connection time)"; null when absent.</summary>
    public static double? TpsOf(string pgbenchOutput)
    {
        ArgumentNullException.ThrowIfNull(pgbenchOutput);
        var match = Tps().Match(pgbenchOutput);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public static string PgbenchPath()
    {
        try
        {
            var beside = Path.Combine(PostgresBinaries.Locate(null).BinDirectory, "pgbench");
            if (File.Exists(beside))
            {
                return beside;
            }
        }
        catch (EmbeddedPostgresException)
        {
            // Not found beside the server: try PATH below.
        }

        return File.Exists("/usr/bin/pgbench") ? "/usr/bin/pgbench" : "pgbench";
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
