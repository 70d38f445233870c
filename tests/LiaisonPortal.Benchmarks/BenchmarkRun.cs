using System.Diagnostics;
using System.Globalization;
using System.Net;
using LiaisonPortal.Core.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LiaisonPortal.Benchmarks;

/// <summary>One run: database, data, app, every scenario, the report; everything started is stopped at the end.</summary>
public sealed class BenchmarkRun(RunnerOptions options, TextWriter console)
{
    public const string Wrk = "/usr/bin/wrk";

    /// <summary>The citizen form's minimum fill time (Citizens:MinimumFillSeconds; the app's default, not changed here).</summary>
    private static readonly TimeSpan MinimumFill = TimeSpan.FromSeconds(3.5);

    private static readonly Dictionary<string, int> DefaultConnections = new()
    {
        [ScenarioNames.Plaintext] = 32,
        [ScenarioNames.QrLanding] = 32,
        [ScenarioNames.Submit] = 32,
        [ScenarioNames.Track] = 8,
        [ScenarioNames.QrPng] = 8,
        [ScenarioNames.OfficeQueue] = 4,
        [ScenarioNames.Dashboard] = 4,
        [ScenarioNames.Assign] = 4,
    };

    private readonly List<ScenarioResult> _results = [];
    private readonly List<string> _problems = [];
    private string _runFolder = string.Empty;
    private string _connectionString = string.Empty;
    private PortalProcess? _app;
    private CpuMeter? _cpu;
    private BenchmarkDataset? _data;
    private IServiceProvider? _services;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = Machine.FindRepositoryRoot(AppContext.BaseDirectory) ?? Machine.FindRepositoryRoot(Environment.CurrentDirectory)
            ?? throw new BenchmarkException("LiaisonPortal.sln not found above the runner or the current folder: run it from the checkout.");
        var wrkVersion = await Machine.WrkVersionAsync(Wrk, cancellationToken)
            ?? throw new BenchmarkException($"{Wrk} is missing: install the load generator with `apt-get install -y wrk` (Debian).");
        if (options.Scenarios.Contains(ScenarioNames.Submit) && !File.Exists(BenchDatabase.PgbenchPath()))
        {
            throw new BenchmarkException("pgbench is missing (the submit scenario's limit): it comes with the PostgreSQL server packages (`apt-get install -y postgresql`).");
        }

        var commit = await Machine.CommitAsync(root, cancellationToken);
        var started = DateTimeOffset.Now;
        var results = Path.GetFullPath(options.ResultsDirectory ?? Path.Combine(root, "benchmark-results"));
        _runFolder = Path.Combine(results, started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + commit);
        Directory.CreateDirectory(_runFolder);
        Say($"LiaisonPortal benchmark, commit {commit}, {Environment.ProcessorCount} cores, results in {_runFolder}");
        Say($"scenarios: {string.Join(", ", options.Scenarios.Select(s => $"{s} ({Connections(s)} connections)"))}; {options.Seconds} s each after {options.WarmUpSeconds} s of warm-up");
#if DEBUG
        Say("warning: the runner itself is a Debug build (the web app runs its Release build regardless); use -c Release");
#endif

        var pgFolder = Directory.CreateTempSubdirectory("liaison-bench-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The server runs as the postgres user when this runs as root: it must be able to enter the folder.
            File.SetUnixFileMode(pgFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        EmbeddedPostgres? server = null;
        IDisposable? stopOnExit = null;
        ServiceProvider? services = null;
        long peakRss = 0;
        double loadSeconds = 0;
        string? database = null;
        try
        {
            Say($"starting PostgreSQL in {pgFolder}");
            server = await BenchDatabase.StartAsync(pgFolder, options.Statements, cancellationToken);
            var running = server;
            stopOnExit = Tool.OnExit(() => running.StopAsync().GetAwaiter().GetResult());
            _connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(BenchDatabase.Name)) { MaxPoolSize = 100 }.ConnectionString;
            database = await BenchDatabase.DescribeAsync(_connectionString, cancellationToken);
            Say(database + $" (set for the run: {string.Join(", ", BenchDatabase.Settings(options.Statements).Select(s => s.Key + "=" + s.Value))}; durability as in production)");

            services = BenchmarkServices.Create(_connectionString);
            _services = services;
            Say($"migrating, seeding the demo data and generating {options.Opinions:N0} opinions…");
            var load = Stopwatch.StartNew();
            var progress = new Progress<string>(message => Say("  " + message));
            _data = await Data.BenchmarkData.GenerateAsync(services, options.Opinions, progress, cancellationToken);
            loadSeconds = load.Elapsed.TotalSeconds;
            Say($"loaded {_data.Opinions:N0} opinions, {_data.Stations:N0} stations, {_data.Deputies:N0} deputies in {loadSeconds:0.0} s (generator's own count: {_data.LoadTime.TotalSeconds:0.0} s); "
                + $"{_data.DeputyCodes.Count:N0} landing pages, {_data.TrackSamples.Count:N0} tracking samples, {_data.AssignableCodes.Count:N0} assignable cases, office account {_data.Office.Email}");
            NpgsqlConnection.ClearAllPools();

            Say($"starting the web app (Release, Production environment, http://127.0.0.1) with raised rate limits: {string.Join(", ", PortalProcess.RaisedLimits.Keys.Select(k => k.Replace("__", ":", StringComparison.Ordinal)))} = 100000000 (every request comes from one address)");
            _app = await PortalProcess.StartAsync(root, _connectionString, Path.Combine(_runFolder, "app.log"), cancellationToken);
            Say($"web app ready at {_app.Address} (pid {_app.ProcessId}); its log: {_app.LogPath}");
            _cpu = new CpuMeter(_app.ProcessId, Path.Combine(pgFolder, "pgdata", "postmaster.pid"));

            foreach (var scenario in options.Scenarios)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await RunScenarioAsync(scenario, cancellationToken);
                }
                catch (BenchmarkException exception)
                {
                    Problem($"{scenario}: {exception.Message}");
                }
            }

            peakRss = _app.Memory.PeakBytes;
        }
        finally
        {
            if (_app is not null)
            {
                peakRss = Math.Max(peakRss, _app.Memory.PeakBytes);
                await _app.DisposeAsync();
            }

            if (services is not null)
            {
                await services.DisposeAsync();
            }

            if (server is not null)
            {
                await server.StopAsync();
            }

            stopOnExit?.Dispose();

            if (options.Keep)
            {
                Say($"database folder kept: {pgFolder} (start it again with pg_ctl -D {Path.Combine(pgFolder, "pgdata")} start, as the postgres user)");
            }
            else
            {
                DeleteFolder(pgFolder);
            }
        }

        if (peakRss >= 400L * 1024 * 1024)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"the web process peaked at {peakRss / (1024.0 * 1024):0} MiB resident, above the 400 MiB target"));
        }

        var header = new RunHeader
        {
            Started = started,
            Commit = commit,
            Cores = Environment.ProcessorCount,
            CpuModel = Machine.CpuModel(),
            MemoryBytes = Machine.TotalMemoryBytes(),
            Opinions = _data?.Opinions ?? 0,
            LoadSeconds = loadSeconds,
            LoadSteps = _data?.LoadSteps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Time.TotalSeconds:0.0} s")).ToList() ?? [],
            LoadGenerator = $"{wrkVersion}, {WrkThreads} threads, Lua scripts in the results folder",
            SecondsPerScenario = options.Seconds,
            WarmUpSeconds = options.WarmUpSeconds,
            PeakRssBytes = peakRss,
            Database = database,
        };
        var report = new RunReport(header, _results, _problems);
        var markdown = report.ToMarkdown();
        var json = report.ToJson();
        await File.WriteAllTextAsync(Path.Combine(_runFolder, "results.md"), markdown, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_runFolder, "results.json"), json, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(results, "latest.md"), markdown, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(results, "latest.json"), json, CancellationToken.None);
        console.WriteLine();
        console.WriteLine(markdown);
        console.WriteLine($"written: {Path.Combine(_runFolder, "results.md")} and results.json; {Path.Combine(results, "latest.md")}");

        var failed = _problems.Count > 0 || _results.Any(r => r.Errors > 0 || !r.CheckPassed);
        var missed = _results.Any(r => r.Met == false) || peakRss >= header.RssLimitBytes;
        if (failed)
        {
            console.WriteLine("FAILED: errors or failed checks (see above and the app log).");
            return 1;
        }

        if (missed && options.EnforceTargets)
        {
            console.WriteLine("FAILED: a target was missed (--enforce-targets).");
            return 1;
        }

        return 0;
    }

    private const int WrkThreads = 2;

    private int Connections(string scenario) => options.Connections ?? DefaultConnections.GetValueOrDefault(scenario, 8);

    private BenchmarkDataset Dataset => _data ?? throw new InvalidOperationException("no data");

    private PortalProcess App => _app ?? throw new InvalidOperationException("no app");

    private CpuMeter Cpu => _cpu ?? throw new InvalidOperationException("no app");

    private async Task RunScenarioAsync(string scenario, CancellationToken cancellationToken)
    {
        using var client = new PortalClient(App.Address);
        var connections = Connections(scenario);
        var deputies = await WriteLinesAsync("deputies.txt", Dataset.DeputyCodes, cancellationToken);
        switch (scenario)
        {
            case ScenarioNames.Plaintext:
                await ExpectAsync(client, "/ping", null, "pong", cancellationToken);
                var script = LuaScripts.FixedGet("/ping", LuaScripts.PhoneHeaders, expect200: false);
                Add(ScenarioResult.From(scenario, connections, await MeasureAsync(scenario, connections, script, script, cancellationToken), Target.None, null, null));
                break;

            case ScenarioNames.QrLanding:
                await ExpectAsync(client, "/d/" + Dataset.DeputyCodes[0], null, "Started", cancellationToken);
                await PrimeAsync(client, Dataset.DeputyCodes.Select(code => "/d/" + code), cancellationToken);
                var landing = LuaScripts.RandomGet(deputies, "/d/", string.Empty, LuaScripts.PhoneHeaders);
                var ceiling = _results.FirstOrDefault(r => r.Scenario == ScenarioNames.Plaintext);
                Add(ScenarioResult.From(scenario, connections, await MeasureAsync(scenario, connections, landing, landing, cancellationToken),
                    new Target(MinRatio: 0.35, MaxP99Ms: 20), ScenarioNames.Plaintext, ceiling?.RequestsPerSecond));
                break;

            case ScenarioNames.QrPng:
                await ExpectAsync(client, $"/qr/deputies/{Dataset.DeputyCodes[0]}.png", null, null, cancellationToken);
                await PrimeAsync(client, Dataset.DeputyCodes.Select(code => $"/qr/deputies/{code}.png"), cancellationToken);
                var image = LuaScripts.RandomGet(deputies, "/qr/deputies/", ".png", ImageHeaders);
                Add(ScenarioResult.From(scenario, connections, await MeasureAsync(scenario, connections, image, image, cancellationToken),
                    new Target(MaxP99Ms: 10), null, null));
                break;

            case ScenarioNames.Track:
                await TrackAsync(client, connections, cancellationToken);
                break;

            case ScenarioNames.OfficeQueue:
                await OfficeQueueAsync(client, connections, cancellationToken);
                break;

            case ScenarioNames.Dashboard:
                var session = await client.SignInAsync(Dataset.Office, cancellationToken);
                await ExpectAsync(client, "/Manage/Dashboard", session, null, cancellationToken);
                var dashboard = LuaScripts.FixedGet("/Manage/Dashboard", WithCookie(BrowserHeaders, session), expect200: true);
                Add(ScenarioResult.From(scenario, connections, await MeasureAsync(scenario, connections, dashboard, dashboard, cancellationToken),
                    new Target(MaxP95Ms: 300), null, null));
                break;

            case ScenarioNames.Assign:
                await AssignAsync(client, connections, cancellationToken);
                break;

            case ScenarioNames.Submit:
                await SubmitAsync(client, connections, deputies, cancellationToken);
                break;

            default:
                throw new BenchmarkException("unknown scenario " + scenario);
        }
    }

    /// <summary>
    /// Asks for every address once (8 at a time) before the warm-up, so that the measurement sees the steady state of a
    /// portal whose deputies have all been scanned before: the in-memory caches hold every deputy, as the targets assume.
    /// </summary>
    private async Task PrimeAsync(PortalClient client, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var all = paths.ToList();
        var failed = 0;
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (path, ct) =>
        {
            var (status, _, response) = await client.GetAsync(path, null, ct);
            response.Dispose();
            if (status != System.Net.HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failed);
            }
        });
        if (failed > 0)
        {
            Problem(string.Create(CultureInfo.InvariantCulture, $"priming: {failed:N0} of {all.Count:N0} addresses did not answer 200"));
        }

        Say(string.Create(CultureInfo.InvariantCulture, $"  primed the cache: {all.Count:N0} addresses in {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    private async Task TrackAsync(PortalClient client, int connections, CancellationToken cancellationToken)
    {
        const string Marker = "class=\"timeline\"";
        var form = await client.FormAsync("/track", cancellationToken);
        var lines = Dataset.TrackSamples.Select(s => $"Code={Uri.EscapeDataString(s.Code)}&Proof={Uri.EscapeDataString(s.Proof)}").ToList();
        if (lines.Count == 0)
        {
            throw new BenchmarkException("the data set has no tracking samples");
        }

        var data = await WriteLinesAsync("track.txt", lines, cancellationToken);
        // The body is searched for the timeline, so this scenario asks for it uncompressed.
        var headers = BrowserHeaders.Where(h => h.Key != "Accept-Encoding").ToDictionary(h => h.Key, h => h.Value);
        var script = LuaScripts.Track(data, form.Cookie, form.Token, headers, Marker);
        Add(ScenarioResult.From(ScenarioNames.Track, connections, await MeasureAsync(ScenarioNames.Track, connections, script, script, cancellationToken),
            new Target(MaxP99Ms: 20), null, null));
    }

    private async Task OfficeQueueAsync(PortalClient client, int connections, CancellationToken cancellationToken)
    {
        var probe = await BenchDatabase.QueueProbeAsync(_services!, Dataset.Office, cancellationToken);
        var session = await client.SignInAsync(Dataset.Office, cancellationToken);
        var first = "/Manage/Opinions?" + probe.Query;
        var deep = first + "&after=" + Uri.EscapeDataString(probe.DeepCursor);
        await ExpectAsync(client, first, session, probe.FirstCode, cancellationToken);
        await ExpectAsync(client, deep, session, probe.DeepFirstCode, cancellationToken);
        var check = string.Create(CultureInfo.InvariantCulture,
            $"filter {probe.Query}: {probe.Count:N0} cases in {Dataset.Office.Email}'s scope; the deep page starts after row {probe.DeepRow:N0} (cursor {probe.DeepCursor})");
        var headers = WithCookie(BrowserHeaders, session);
        var firstScript = LuaScripts.FixedGet(first, headers, expect200: true);
        Add(ScenarioResult.From(ScenarioNames.OfficeQueue, connections,
            await MeasureAsync(ScenarioNames.OfficeQueue, connections, firstScript, firstScript, cancellationToken),
            new Target(MaxP95Ms: 50), null, null) with { Check = check });
        var deepScript = LuaScripts.FixedGet(deep, headers, expect200: true);
        Add(ScenarioResult.From(ScenarioNames.OfficeQueueDeep, connections,
            await MeasureAsync(ScenarioNames.OfficeQueueDeep, connections, deepScript, deepScript, cancellationToken),
            new Target(MaxP95Ms: 50), null, null));
    }

    private async Task AssignAsync(PortalClient client, int connections, CancellationToken cancellationToken)
    {
        var codes = Dataset.AssignableCodes;
        if (codes.Count < 10)
        {
            throw new BenchmarkException($"only {codes.Count} assignable cases in the data set");
        }

        var bearer = await client.BearerAsync(Dataset.Office, cancellationToken);
        // Warm-up and measurement take separate shares, in proportion to their time; each code is used once.
        var warmShare = Math.Max(1, codes.Count * options.WarmUpSeconds / (options.WarmUpSeconds + options.Seconds));
        var warmCodes = codes.Take(warmShare).ToList();
        var measuredCodes = codes.Skip(warmShare).ToList();
        var threads = Math.Min(WrkThreads, connections);
        var warm = LuaScripts.Assign(await WriteLinesAsync("assign-warmup.txt", warmCodes, cancellationToken), threads, bearer, Dataset.AssignUnitCode, ApiHeaders);
        var measured = LuaScripts.Assign(await WriteLinesAsync("assign.txt", measuredCodes, cancellationToken), threads, bearer, Dataset.AssignUnitCode, ApiHeaders);
        var (warmResult, result) = await MeasureBothAsync(ScenarioNames.Assign, connections, warm, measured, cancellationToken);
        await Task.Delay(1000, cancellationToken);
        var assigned = await BenchDatabase.CountAssignedAsync(_connectionString, codes, cancellationToken);
        var accepted = warmResult.CheckedOk + result.CheckedOk;
        var held = assigned >= accepted && assigned <= accepted + (2 * connections);
        var exhausted = warmResult.Exhausted + result.Exhausted;
        var ranOut = exhausted > 0 ? string.Create(CultureInfo.InvariantCulture, $"; the cases ran out ({exhausted:N0} requests had none left)") : string.Empty;
        var check = string.Create(CultureInfo.InvariantCulture,
            $"{accepted:N0} assignments answered 2xx (warm-up included), {assigned:N0} of the {codes.Count:N0} cases have a handling unit in the database{(held ? string.Empty : " — MISMATCH")}{ranOut}; no target, reported only");
        Add(ScenarioResult.From(ScenarioNames.Assign, connections, result, Target.None, null, null) with { Check = check, CheckPassed = held });
    }

    private async Task SubmitAsync(PortalClient client, int connections, string deputies, CancellationToken cancellationToken)
    {
        var form = await client.FormAsync("/d/" + Dataset.DeputyCodes[0], cancellationToken);
        if (!form.Hidden.TryGetValue("Started", out var stamp))
        {
            throw new BenchmarkException("the citizen form has no Started stamp");
        }

        // The form refuses what comes back faster than a person could type it: wait as a citizen would.
        await Task.Delay(MinimumFill, cancellationToken);
        var run = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var warmMarker = "BW" + run;
        var marker = "BM" + run;
        var warm = LuaScripts.Submit(deputies, form.Cookie, form.Token, stamp, warmMarker, LuaScripts.PhoneHeaders);
        var measured = LuaScripts.Submit(deputies, form.Cookie, form.Token, stamp, marker, LuaScripts.PhoneHeaders);
        var (_, result) = await MeasureBothAsync(ScenarioNames.Submit, connections, warm, measured, cancellationToken);
        await Task.Delay(1000, cancellationToken);
        var saved = await BenchDatabase.CountMarkedAsync(_connectionString, marker, cancellationToken);
        var held = saved >= result.CheckedOk && saved <= result.CheckedOk + connections;
        var check = string.Create(CultureInfo.InvariantCulture,
            $"{result.CheckedOk:N0} submissions redirected to /opinions/submitted; {saved:N0} rows carry the run's marker {marker} (allowed: {result.CheckedOk:N0} to {result.CheckedOk + connections:N0}, in flight at the end){(held ? string.Empty : " — MISMATCH")}");

        var limit = await PgbenchAsync(connections, cancellationToken);
        Add(ScenarioResult.From(ScenarioNames.Submit, connections, result, new Target(MinRatio: 0.5, MaxP99Ms: 50), "pgbench INSERT", limit)
            with { Check = check, CheckPassed = held });
    }

    /// <summary>pgbench with the same clients and seconds, the same INSERT; its rows are deleted afterwards.</summary>
    private async Task<double?> PgbenchAsync(int clients, CancellationToken cancellationToken)
    {
        var addresses = await BenchDatabase.AddressesAsync(_connectionString, cancellationToken);
        var script = Path.Combine(_runFolder, "insert.sql");
        await File.WriteAllTextAsync(script, BenchDatabase.InsertScript(addresses), cancellationToken);
        await BenchDatabase.ExecuteAsync(_connectionString, "CREATE SEQUENCE IF NOT EXISTS bench_pgbench_seq", cancellationToken);
        var connection = new NpgsqlConnectionStringBuilder(_connectionString);
        Say($"pgbench: {clients} clients, 2 threads, {options.Seconds} s, {script}");
        try
        {
            var result = await Tool.RunAsync(
                BenchDatabase.PgbenchPath(),
                ["-n", "-M", "extended", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", options.Seconds.ToString(CultureInfo.InvariantCulture), "-f", script,
                    "-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!, connection.Database!],
                new Dictionary<string, string> { ["PGPASSWORD"] = connection.Password! },
                cancellationToken: cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(_runFolder, "pgbench.txt"), result.Output + result.Error, cancellationToken);
            var tps = BenchDatabase.TpsOf(result.Output);
            if (result.ExitCode != 0 || tps is null)
            {
                Problem($"pgbench failed (exit {result.ExitCode}): {Text.Tail((result.Output + result.Error).Trim(), 5)}");
                return null;
            }

            Say(string.Create(CultureInfo.InvariantCulture, $"  pgbench INSERT: {tps:N0} tps"));
            return tps;
        }
        finally
        {
            var removed = await BenchDatabase.ScalarAsync(_connectionString,
                "WITH gone AS (DELETE FROM \"Opinions\" WHERE \"TrackingCode\" LIKE 'PGB%' AND \"Title\" LIKE 'pgbench-insert %' RETURNING 1) SELECT count(*) FROM gone",
                null, CancellationToken.None);
            await BenchDatabase.ExecuteAsync(_connectionString, "DROP SEQUENCE IF EXISTS bench_pgbench_seq", CancellationToken.None);
            Say(string.Create(CultureInfo.InvariantCulture, $"  removed pgbench's {removed:N0} rows"));
        }
    }

    private async Task<WrkResult> MeasureAsync(string scenario, int connections, string warmScript, string script, CancellationToken cancellationToken) =>
        (await MeasureBothAsync(scenario, connections, warmScript, script, cancellationToken)).Measured;

    /// <summary>Warm-up (not counted), then the measurement; both with the same connections.</summary>
    private async Task<(WrkResult WarmUp, WrkResult Measured)> MeasureBothAsync(string scenario, int connections, string warmScript, string script, CancellationToken cancellationToken)
    {
        Say($"{scenario}: {connections} connections, warm-up {options.WarmUpSeconds} s, then {options.Seconds} s");
        App.Memory.StartWindow();
        var warm = await WrkAsync(scenario + ".warmup", connections, options.WarmUpSeconds, warmScript, cancellationToken);
        if (options.Statements)
        {
            await BenchDatabase.ResetStatementsAsync(_connectionString, cancellationToken);
        }

        var (appBefore, databaseBefore) = Cpu.Read();
        var measured = await WrkAsync(scenario, connections, options.Seconds, script, cancellationToken);
        var (appAfter, databaseAfter) = Cpu.Read();
        if (options.Statements)
        {
            var statements = await BenchDatabase.CostliestStatementsAsync(_connectionString, measured.Requests, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(_runFolder, scenario + ".statements.txt"), statements, cancellationToken);
        }
        measured = measured with
        {
            AppCpuMsPerRequest = measured.Requests > 0 ? (appAfter - appBefore) * 1000 / measured.Requests : null,
            DatabaseCpuMsPerRequest = measured.Requests > 0 ? (databaseAfter - databaseBefore) * 1000 / measured.Requests : null,
            PeakRssBytes = App.Memory.WindowPeakBytes,
        };
        Say(string.Create(CultureInfo.InvariantCulture,
            $"  {measured.RequestsPerSecond:N0} req/s, p50 {measured.P50Us / 1000.0:0.0} ms, p95 {measured.P95Us / 1000.0:0.0} ms, p99 {measured.P99Us / 1000.0:0.0} ms, errors {measured.Errors} (warm-up errors {warm.Errors}); CPU per request: app {measured.AppCpuMsPerRequest:0.00} ms, PostgreSQL {measured.DatabaseCpuMsPerRequest:0.00} ms; peak {measured.PeakRssBytes / (1024.0 * 1024):0} MiB"));
        if (warm.Errors > 0)
        {
            Problem($"{scenario}: {warm.Errors} errors during the warm-up; first failures: {warm.Samples.Trim()}");
        }

        if (measured.Errors > 0)
        {
            Problem($"{scenario}: {measured.Errors} errors (status {measured.StatusErrors}, refused by the check {measured.UnseenErrors}, connect {measured.ConnectErrors}, read {measured.ReadErrors}, write {measured.WriteErrors}, timeout {measured.TimeoutErrors}); first failures: {measured.Samples.Trim()}");
        }

        return (warm, measured);
    }

    private async Task<WrkResult> WrkAsync(string name, int connections, int seconds, string script, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_runFolder, name + ".lua");
        await File.WriteAllTextAsync(path, script, cancellationToken);
        var threads = Math.Min(WrkThreads, connections);
        var result = await Tool.RunAsync(
            Wrk,
            ["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "--timeout", "5s", "-s", path, App.Address.ToString().TrimEnd('/')],
            cancellationToken: cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_runFolder, name + ".wrk.txt"), result.Output + result.Error, cancellationToken);
        var parsed = result.ExitCode == 0 ? WrkResult.Parse(result.Output) : null;
        return parsed ?? throw new BenchmarkException($"wrk failed for {name} (exit {result.ExitCode}): {Text.Tail((result.Output + result.Error).Trim(), 5)}");
    }

    /// <summary>One request before the load: the answer must be 200 (and hold <paramref name="contains"/>).</summary>
    private static async Task ExpectAsync(PortalClient client, string path, string? cookie, string? contains, CancellationToken cancellationToken)
    {
        var (status, body, response) = await client.GetAsync(path, cookie, cancellationToken);
        response.Dispose();
        if (status != HttpStatusCode.OK || (contains is not null && !body.Contains(contains, StringComparison.Ordinal)))
        {
            throw new BenchmarkException($"GET {path} answered {(int)status}{(contains is null ? string.Empty : $" without \"{contains}\"")} before the load started");
        }
    }

    private async Task<string> WriteLinesAsync(string name, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_runFolder, name);
        await File.WriteAllLinesAsync(path, lines, cancellationToken);
        return path;
    }

    private void Add(ScenarioResult result)
    {
        _results.Add(result);
        if (result.Check is not null)
        {
            Say($"  check: {result.Check}");
        }

        if (!result.CheckPassed)
        {
            Problem($"{result.Scenario}: check failed: {result.Check}");
        }

        if (result.Errors > 0 && _app is not null)
        {
            foreach (var line in _app.ErrorLines(5))
            {
                Say("  app log: " + line);
            }
        }
    }

    private void Problem(string text)
    {
        _problems.Add(text);
        Say("PROBLEM: " + text);
    }

    private void Say(string text)
    {
        console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"could not remove {folder}: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            Console.Error.WriteLine($"could not remove {folder}: {exception.Message}");
        }
    }

    private static Dictionary<string, string> WithCookie(IReadOnlyDictionary<string, string> headers, string cookie) =>
        new(headers) { ["Cookie"] = cookie };

    private static readonly Dictionary<string, string> BrowserHeaders = new()
    {
        ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ["Accept-Encoding"] = "gzip, deflate, br",
        ["Accept-Language"] = "zh-CN,zh;q=0.9",
        ["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    };

    private static readonly Dictionary<string, string> ImageHeaders = new(LuaScripts.PhoneHeaders)
    {
        ["Accept"] = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8",
    };

    private static readonly Dictionary<string, string> ApiHeaders = new()
    {
        ["User-Agent"] = "LiaisonPortal-benchmark",
    };
}
