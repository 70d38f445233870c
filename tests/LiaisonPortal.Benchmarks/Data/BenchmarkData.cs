using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Dashboard;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Database;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LiaisonPortal.Benchmarks.Data;

/// <summary>
/// The benchmark's data: a city's worth of regions, stations, units and deputies on top of the demo data, then N opinions
/// over the last three years in realistic states, with their timelines, assignments and ratings — written with
/// PostgreSQL binary COPY. Secondary indexes and foreign keys of the four opinion tables are dropped for the load and made
/// again from their own definitions (checked against a snapshot of pg_indexes and pg_constraint); then ANALYZE, the
/// dashboard rollups rebuilt through <see cref="DashboardRollups"/>, and VACUUM so that autovacuum has nothing left to do
/// while the scenarios run. Expects a database of its own: it refuses one that already holds the benchmark's city, and a
/// load that fails half-way (the indexes dropped) leaves a database to throw away, not to repair.
/// </summary>
public static class BenchmarkData
{
    public const string OfficeEmail = "bench-office@liaison.invalid";
    public const string OfficePassword = "Bench-Liaison-Office-2026";

    /// <summary>The same data set on every run (tracking codes included; only the encryption and the hashes' salts differ).</summary>
    public const ulong Seed = 20261121;

    public const int TrackSampleCount = 2000;

    private const int PhonePool = 500;
    private const int SecretPool = 40;
    private const int IndexBuilders = 2;

    private static readonly string[] OpinionTables = ["Opinions", "OpinionEvents", "OpinionAssignments", "OpinionEvaluations"];

    private static readonly Dictionary<string, double> CategoryWeights = new(StringComparer.Ordinal)
    {
        ["CJ"] = 16, ["HB"] = 12, ["JY"] = 8, ["YL"] = 8, ["SB"] = 9, ["JT"] = 12, ["WY"] = 14, ["NY"] = 5, ["YS"] = 6, ["SF"] = 4, ["QT"] = 6,
    };

    public static async Task<BenchmarkDataset> GenerateAsync(IServiceProvider services, int opinions, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfNegative(opinions);
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        var steps = new List<LoadStep>();
        void Done(string name, long rows, string? detail = null)
        {
            steps.Add(new LoadStep(name, rows, clock.Elapsed));
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {rows,12:N0} rows {clock.Elapsed.TotalSeconds,7:0.0} s{(detail is null ? string.Empty : "  " + detail)}"));
            clock.Restart();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            await initializer.SeedDemoDataAsync(cancellationToken);
        }

        Done("migrate + demo data", 0);
        var connectionString = services.GetRequiredService<PortalDatabase>().ConnectionString;
        await using var connection = await Sql.OpenAsync(connectionString, cancellationToken);
        if (await City.IsLoadedAsync(connection, cancellationToken))
        {
            throw new InvalidOperationException($"This database already holds the benchmark's city (deputy {City.FirstDeputyCode}): generate into a new database.");
        }

        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);

        // The directory: regions, stations, units, deputies and their stations.
        var (city, counts) = await City.LoadAsync(connection, Seed, cancellationToken);
        Done("directory", counts.Regions + counts.Stations + counts.Units + counts.Deputies + counts.Memberships,
            $"{counts.Regions} regions, {counts.Stations} stations, {counts.Units} units, {counts.Deputies} deputies, {counts.Memberships} memberships");

        // The office account (whole city), the phone and secret pools, the rules the lives follow.
        await using (var scope = services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(
                new NewStaffAccount(OfficeEmail, OfficePassword, Roles.CongressStaff, RegionCode: City.CityCode, DisplayName: "示范市人大常委会代表工委"), cancellationToken);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"The benchmark's office account could not be created: {string.Join("; ", created.Errors)}");
            }
        }

        var context = await ContextAsync(services, connection, city, opinions, now, today, cancellationToken);
        Done("account, pools, plan", opinions, $"{context.Plan.Backlog:N0} waiting for assignment");

        // Drop what the COPY would maintain row by row: secondary indexes and foreign keys of the four tables.
        var before = await Schema.ReadAsync(connection, cancellationToken);
        var indexes = before.SecondaryIndexes(OpinionTables);
        var foreignKeys = before.ForeignKeys(OpinionTables);
        foreach (var key in foreignKeys)
        {
            await Sql.ExecuteAsync(connection, $"ALTER TABLE {Schema.Quote(key.Table)} DROP CONSTRAINT {Schema.Quote(key.Name)}", cancellationToken);
        }

        foreach (var index in indexes)
        {
            await Sql.ExecuteAsync(connection, $"DROP INDEX {Schema.Quote(index.Name)}", cancellationToken);
        }

        Done("drop indexes + keys", indexes.Count + foreignKeys.Count);

        var ids = new FirstIds(
            context.FirstId,
            await Sql.ScalarAsync<long>(connection, "SELECT coalesce(max(\"Id\"), 0) + 1 FROM \"OpinionEvents\"", cancellationToken),
            await Sql.ScalarAsync<int>(connection, "SELECT coalesce(max(\"Id\"), 0) + 1 FROM \"OpinionAssignments\"", cancellationToken),
            await Sql.ScalarAsync<int>(connection, "SELECT coalesce(max(\"Id\"), 0) + 1 FROM \"OpinionEvaluations\"", cancellationToken));
        var outboxBefore = await Sql.ScalarAsync<long>(connection, "SELECT coalesce(max(\"Id\"), 0) FROM \"OutboxMessages\"", cancellationToken);
        var dirtyBefore = await Sql.ScalarAsync<long>(connection, "SELECT coalesce(max(\"Id\"), 0) FROM \"DashboardDirtyMonths\"", cancellationToken);
        var observed = new Observer(context.Plan);
        var rows = await OpinionLoader.CopyAsync(connectionString, context, ids, observed.Observe, cancellationToken);
        Done("COPY", rows.Opinions + rows.Events + rows.Assignments + rows.Evaluations,
            $"opinions {rows.Opinions:N0}, events {rows.Events:N0}, assignments {rows.Assignments:N0}, evaluations {rows.Evaluations:N0}");

        foreach (var table in OpinionTables)
        {
            await Sql.ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\"))", cancellationToken);
        }

        // Indexes again, from their own definitions, two builders at a time (biggest tables first).
        var order = new Dictionary<string, int>(StringComparer.Ordinal) { ["OpinionEvents"] = 0, ["Opinions"] = 1, ["OpinionAssignments"] = 2, ["OpinionEvaluations"] = 3 };
        await InParallelAsync(connectionString, indexes.OrderBy(i => order[i.Table]).Select(i => i.Definition).ToList(), cancellationToken);
        Done("create indexes", indexes.Count);

        // Foreign keys: added NOT VALID (a moment each), then validated, two at a time (validation takes a lighter lock).
        foreach (var key in foreignKeys)
        {
            await Sql.ExecuteAsync(connection, $"ALTER TABLE {Schema.Quote(key.Table)} ADD CONSTRAINT {Schema.Quote(key.Name)} {key.Definition} NOT VALID", cancellationToken);
        }

        await InParallelAsync(connectionString, foreignKeys.Select(k => $"ALTER TABLE {Schema.Quote(k.Table)} VALIDATE CONSTRAINT {Schema.Quote(k.Name)}").ToList(), cancellationToken);
        var after = await Schema.ReadAsync(connection, cancellationToken);
        var differences = before.Differences(after);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException("The schema differs after the load: " + string.Join("; ", differences));
        }

        Done("validate foreign keys", foreignKeys.Count, "indexes and constraints equal the migrations'");

        await Sql.ExecuteAsync(connection, "ANALYZE", cancellationToken);
        Done("ANALYZE", 0);

        // The overdue flags were set by Supervision's own rules: its recomputation must find nothing to change.
        var (nowOverdue, noLonger) = await WithContextAsync(services, (provider) => provider.GetRequiredService<Supervision>().RecomputeOverdueAsync(today, cancellationToken));
        if (nowOverdue + noLonger > 0)
        {
            throw new InvalidOperationException($"The generated overdue flags disagree with the supervision rules: {nowOverdue} should be overdue, {noLonger} should not.");
        }

        var rollupRows = await WithContextAsync(services, provider => provider.GetRequiredService<DashboardRollups>().RebuildAsync(cancellationToken));
        // The rebuild counted everything: the marks left before it (the demo's) are done; COPY made none.
        var marks = await Sql.ExecuteAsync(connection, $"DELETE FROM \"DashboardDirtyMonths\" WHERE \"Id\" <= {dirtyBefore}", cancellationToken);
        var newMarks = await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM \"DashboardDirtyMonths\"", cancellationToken);
        var outbox = await Sql.ScalarAsync<long>(connection, $"SELECT count(*) FROM \"OutboxMessages\" WHERE \"Id\" > {outboxBefore}", cancellationToken);
        if (newMarks + outbox > 0)
        {
            throw new InvalidOperationException($"The load left {newMarks} dashboard marks and {outbox} outbox messages behind.");
        }

        Done("dashboard rollups", rollupRows, $"overdue flags agree with Supervision; {marks} earlier mark(s) cleared, none made, no outbox messages");

        await Sql.ExecuteAsync(connection, "VACUUM \"Opinions\", \"OpinionEvents\", \"OpinionAssignments\", \"OpinionEvaluations\"", cancellationToken);
        Done("VACUUM", 0);

        var deputyCodes = await Sql.ListAsync(connection, """
            SELECT d."Code" FROM "Deputies" d
            WHERE d."IsActive" AND EXISTS (SELECT 1 FROM "DeputyStations" m JOIN "Stations" s ON s."Id" = m."StationId" WHERE m."DeputyId" = d."Id" AND s."IsActive")
            ORDER BY d."Code"
            """, r => r.GetString(0), cancellationToken);
        var dataset = new BenchmarkDataset
        {
            Opinions = (int)await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM \"Opinions\"", cancellationToken),
            Stations = (int)await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM \"Stations\"", cancellationToken),
            Deputies = (int)await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM \"Deputies\"", cancellationToken),
            DeputyCodes = deputyCodes,
            TrackSamples = observed.Samples(TrackSampleCount),
            AssignableCodes = observed.Backlog(),
            AssignUnitCode = City.CityUnitCode,
            Office = new StaffAccount(OfficeEmail, OfficePassword),
            LoadTime = total.Elapsed,
            LoadSteps = steps,
        };
        await VerifyAsync(services, dataset, cancellationToken);
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"loaded in {total.Elapsed.TotalSeconds:0.0} s: {dataset.Opinions:N0} opinions ({observed.Describe()}), {dataset.Stations} stations, {dataset.Deputies:N0} deputies"));
        return dataset with { LoadTime = total.Elapsed };
    }

    private static async Task<LifeContext> ContextAsync(
        IServiceProvider services, NpgsqlConnection connection, City city, int opinions, DateTime now, DateOnly today, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var first = DateOnly.FromDateTime(now).AddDays(-(int)(366 * OpinionPlan.Years) - 10);
        var rules = await provider.GetRequiredService<WorkingDayCalendar>().RulesForAsync(first.AddDays(-60), today.AddDays(400), cancellationToken);
        var days = new WorkingDayTable(rules, first, today.AddDays(400));
        var deadlines = (await provider.GetRequiredService<CaseSettings>().DeadlineRulesAsync(cancellationToken)).ToDictionary(r => r.Grade);
        var lastDay = today.AddDays(-1);
        var cutoffs = Enum.GetValues<Grade>().ToDictionary(g => g, g =>
            DateTime.SpecifyKind(rules.LatestStart(lastDay, deadlines[g].ForwardDays).AddDays(1).ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc));

        var db = provider.GetRequiredService<ApplicationDbContext>();
        var categories = await db.Categories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        var tree = categories.Where(c => c.ParentId is null)
            .Select(c => new CategoryChoice(c.Id, c.Code, c.Name, categories.Where(x => x.ParentId == c.Id).Select(x => (x.Id, x.Name)).ToList(),
                CategoryWeights.GetValueOrDefault(c.Code, 4)))
            .ToList();

        // A small pool of citizens' phones, each encrypted once with the app's keys (in the database), and of secrets encrypted once.
        var rng = new Rng(Seed, 0x9807E);
        var phones = services.GetRequiredService<CitizenPhones>();
        var numbers = Enumerable.Range(0, PhonePool)
            .Select(_ => string.Create(CultureInfo.InvariantCulture, $"1{"3456789"[rng.Next(7)]}{rng.Next(100_000_000, 1_000_000_000)}"))
            .ToList();
        var secrets = Enumerable.Range(0, SecretPool)
            .Select(_ => new string(Enumerable.Range(0, TrackingCodes.SecretLength).Select(_ => TrackingCodes.Alphabet[rng.Next(TrackingCodes.Alphabet.Length)]).ToArray()))
            .ToList();

        var existing = (await Sql.ListAsync(connection, "SELECT \"TrackingCode\" FROM \"Opinions\"", r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var firstId = await Sql.ScalarAsync<int>(connection, "SELECT coalesce(max(\"Id\"), 0) + 1 FROM \"Opinions\"", cancellationToken);
        return new LifeContext
        {
            City = city,
            Plan = OpinionPlan.Draw(opinions, city, now, Seed, existing),
            Seed = Seed,
            FirstId = firstId,
            Now = now,
            Today = today,
            Days = days,
            AnswerDays = deadlines.ToDictionary(r => r.Key, r => r.Value.ReachDays + r.Value.AnswerDays),
            ForwardCutoff = cutoffs,
            NextWorkingDay = rules.IsWorkingDay(today) ? rules.Add(today, 1) : today,
            Categories = tree,
            PhoneCiphers = numbers.Select(phones.Protect).ToList(),
            PhoneEndings = numbers.Select(n => n[^4..]).ToList(),
            Secrets = secrets,
            SecretHashes = secrets.Select(services.GetRequiredService<QuerySecrets>().Protect).ToList(),
        };
    }

    /// <summary>Runs the statements on <see cref="IndexBuilders"/> connections at once, each taking the next one.</summary>
    private static async Task InParallelAsync(string connectionString, List<string> statements, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, IndexBuilders).Select(async _ =>
        {
            await using var connection = await Sql.OpenAsync(connectionString, cancellationToken);
            await Sql.ExecuteAsync(connection, "SET maintenance_work_mem = '256MB'; SET max_parallel_maintenance_workers = 0", cancellationToken);
            for (var i = Interlocked.Increment(ref next); i < statements.Count; i = Interlocked.Increment(ref next))
            {
                await Sql.ExecuteAsync(connection, statements[i], cancellationToken);
            }
        }));
    }

    private static async Task<T> WithContextAsync<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        return await action(scope.ServiceProvider);
    }

    /// <summary>A few samples through the app's own lookup, and the assignable pool's first and last case: fail loudly if not right.</summary>
    private static async Task VerifyAsync(IServiceProvider services, BenchmarkDataset dataset, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var tracking = scope.ServiceProvider.GetRequiredService<OpinionTracking>();
        foreach (var sample in dataset.TrackSamples.Take(3).Concat(dataset.TrackSamples.TakeLast(2)))
        {
            if (await tracking.FindAsync(sample.Code, sample.Proof, cancellationToken) is null)
            {
                throw new InvalidOperationException($"Tracking sample {sample.Code} is not found with its proof.");
            }
        }

        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var check = dataset.AssignableCodes.Take(1).Concat(dataset.AssignableCodes.TakeLast(1)).ToList();
        var ok = await db.Opinions.CountAsync(o => check.Contains(o.TrackingCode) && o.State == OpinionState.Classified
            && !db.OpinionAssignments.Any(a => a.OpinionId == o.Id), cancellationToken);
        if (ok != check.Count)
        {
            throw new InvalidOperationException("The assignable pool holds a case that is not classified and unassigned.");
        }
    }

    /// <summary>Collects, as the rows stream by, the tracking samples (a reservoir per state) and the assignable backlog.</summary>
    private sealed class Observer(OpinionPlan plan)
    {
        private readonly Dictionary<OpinionState, List<TrackSample>> _samples = [];
        private readonly Dictionary<OpinionState, int> _seen = [];
        private readonly Dictionary<OpinionState, int> _trackable = [];
        private readonly List<string> _backlog = [];
        private Rng _rng = new(Seed, 0x5A3B1E);
        private int _overdueOpen;
        private int _open;
        private int _overdueOutsideBacklog;
        private int _openOutsideBacklog;

        private void Sample(OpinionLife life)
        {
            var seen = _trackable[life.State] = _trackable.GetValueOrDefault(life.State) + 1;
            if (!_samples.TryGetValue(life.State, out var reservoir))
            {
                _samples[life.State] = reservoir = [];
            }

            if (reservoir.Count < TrackSampleCount)
            {
                reservoir.Add(new TrackSample(life.Code, life.Proof));
            }
            else if (_rng.Next(seen) is var slot && slot < TrackSampleCount)
            {
                reservoir[slot] = new TrackSample(life.Code, life.Proof);
            }
        }

        public void Observe(OpinionLife life)
        {
            _seen[life.State] = _seen.GetValueOrDefault(life.State) + 1;
            // Past retention with a phone: /track answers 「个人信息已按规定匿名化」 for the last four digits, not the case.
            if (!(life.PastRetention && life.Phone is not null))
            {
                Sample(life);
            }

            var backlog = plan.Path[life.Index] == PathKind.Backlog;
            if (backlog && life.State == OpinionState.Classified && life.Assignments.Count == 0)
            {
                _backlog.Add(life.Code);
            }

            if (life.State is OpinionState.Received or OpinionState.Classified or OpinionState.Assigned or OpinionState.Answered or OpinionState.FedBack)
            {
                _open++;
                _overdueOpen += life.IsOverdue ? 1 : 0;
                if (!backlog)
                {
                    _openOutsideBacklog++;
                    _overdueOutsideBacklog += life.IsOverdue ? 1 : 0;
                }
            }
        }

        /// <summary>Newest first.</summary>
        public List<string> Backlog() => Enumerable.Reverse(_backlog).ToList();

        /// <summary>Round robin over the states, so that each state is represented however rare it is.</summary>
        public List<TrackSample> Samples(int count)
        {
            var lists = _samples.OrderBy(s => s.Key).Select(s => s.Value).ToList();
            var result = new List<TrackSample>(count);
            for (var i = 0; result.Count < count && lists.Any(l => l.Count > i); i++)
            {
                foreach (var list in lists.Where(l => l.Count > i))
                {
                    if (result.Count < count)
                    {
                        result.Add(list[i]);
                    }
                }
            }

            return result;
        }

        public string Describe()
        {
            var states = string.Join(", ", _seen.OrderBy(s => s.Key).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:N0}")));
            return string.Create(CultureInfo.InvariantCulture,
                $"{states}; overdue: {_overdueOpen:N0} of {_open:N0} open, {_overdueOutsideBacklog:N0} of {_openOutsideBacklog:N0} outside the assignable backlog");
        }
    }
}
