using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiaisonPortal.Benchmarks;

/// <summary>The line a scenario's done() prints (see <see cref="LuaScripts"/>); latencies in microseconds.</summary>
public sealed record WrkResult
{
    public long Requests { get; init; }

    public long DurationUs { get; init; }

    public long Bytes { get; init; }

    public long ConnectErrors { get; init; }

    public long ReadErrors { get; init; }

    public long WriteErrors { get; init; }

    /// <summary>Responses with a status above 399 (wrk's own count).</summary>
    public long StatusErrors { get; init; }

    public long TimeoutErrors { get; init; }

    public long P50Us { get; init; }

    public long P95Us { get; init; }

    public long P99Us { get; init; }

    public long MaxUs { get; init; }

    /// <summary>CPU milliseconds the web process spent per request in the measured window (set by the runner).</summary>
    public double? AppCpuMsPerRequest { get; init; }

    /// <summary>CPU milliseconds PostgreSQL spent per request in the measured window (set by the runner).</summary>
    public double? DatabaseCpuMsPerRequest { get; init; }

    /// <summary>The web process's peak resident memory during the scenario (warm-up and measurement).</summary>
    public long PeakRssBytes { get; init; }

    /// <summary>Responses the script checked and accepted (0 when the scenario has no check).</summary>
    public long CheckedOk { get; init; }

    /// <summary>Responses the script checked and refused, whatever their status.</summary>
    public long CheckedBad { get; init; }

    /// <summary>Refused responses with a status of 399 or less, which wrk does not count itself.</summary>
    public long UnseenErrors { get; init; }

    /// <summary>Requests sent after the scenario's list of one-use items ran out.</summary>
    public long Exhausted { get; init; }

    /// <summary>The first few refused responses: status and the start of the body.</summary>
    public string Samples { get; init; } = string.Empty;

    public double Seconds => DurationUs / 1_000_000.0;

    public double RequestsPerSecond => DurationUs > 0 ? Requests / Seconds : 0;

    /// <summary>Every failed request once: wrk's errors plus the script's refusals wrk did not see.</summary>
    public long Errors => ConnectErrors + ReadErrors + WriteErrors + StatusErrors + TimeoutErrors + UnseenErrors;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Finds the result line in wrk's output; null when there is none (wrk failed before done()).</summary>
    public static WrkResult? Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var line in output.Split('\n'))
        {
            var start = line.IndexOf(LuaScripts.ResultPrefix, StringComparison.Ordinal);
            if (start >= 0)
            {
                return JsonSerializer.Deserialize<WrkResult>(line[(start + LuaScripts.ResultPrefix.Length)..].Trim(), Json);
            }
        }

        return null;
    }
}

/// <summary>What a scenario must reach: a share of its limit and latency bounds; none at all for a scenario only reported.</summary>
public sealed record Target(double? MinRatio = null, double? MaxP95Ms = null, double? MaxP99Ms = null)
{
    public static Target None { get; } = new();

    public bool IsNone => MinRatio is null && MaxP95Ms is null && MaxP99Ms is null;

    public string Describe()
    {
        if (IsNone)
        {
            return "—";
        }

        var parts = new List<string>();
        if (MinRatio is { } ratio)
        {
            parts.Add($"≥ {Percent(ratio)} of limit");
        }

        if (MaxP95Ms is { } p95)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"p95 < {p95:0.#} ms"));
        }

        if (MaxP99Ms is { } p99)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"p99 < {p99:0.#} ms"));
        }

        return string.Join(", ", parts);
    }

    /// <summary>"35%" (the invariant culture would write "35 %").</summary>
    public static string Percent(double ratio) =>
        ratio.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>Null when there is no target; false when a ratio is asked for but the limit was not measured.</summary>
    public bool? IsMetBy(double? ratio, double p95Ms, double p99Ms)
    {
        if (IsNone)
        {
            return null;
        }

        return (MinRatio is not { } min || (ratio is { } r && r >= min))
            && (MaxP95Ms is not { } max95 || p95Ms < max95)
            && (MaxP99Ms is not { } max99 || p99Ms < max99);
    }
}

/// <summary>One row of the table.</summary>
public sealed record ScenarioResult
{
    public required string Scenario { get; init; }

    public required int Connections { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required long Requests { get; init; }

    public required double Seconds { get; init; }

    public required double P50Ms { get; init; }

    public required double P95Ms { get; init; }

    public required double P99Ms { get; init; }

    public required long Errors { get; init; }

    public string? LimitName { get; init; }

    public double? LimitPerSecond { get; init; }

    public double? AppCpuMsPerRequest { get; init; }

    public double? DatabaseCpuMsPerRequest { get; init; }

    public long PeakRssBytes { get; init; }

    public double? Ratio => LimitPerSecond is > 0 ? RequestsPerSecond / LimitPerSecond : null;

    public string TargetText { get; init; } = "—";

    public bool? Met { get; init; }

    /// <summary>What the scenario checked besides the statuses (rows present, assignments made), in a sentence.</summary>
    public string? Check { get; init; }

    /// <summary>False when a check after the run failed (rows missing, …): the run fails as for an error.</summary>
    public bool CheckPassed { get; init; } = true;

    /// <summary>The first few failures, for the log.</summary>
    public string? FailureSamples { get; init; }

    public static ScenarioResult From(string scenario, int connections, WrkResult wrk, Target target, string? limitName, double? limitPerSecond)
    {
        ArgumentNullException.ThrowIfNull(wrk);
        ArgumentNullException.ThrowIfNull(target);
        var result = new ScenarioResult
        {
            Scenario = scenario,
            Connections = connections,
            RequestsPerSecond = wrk.RequestsPerSecond,
            Requests = wrk.Requests,
            Seconds = wrk.Seconds,
            P50Ms = wrk.P50Us / 1000.0,
            P95Ms = wrk.P95Us / 1000.0,
            P99Ms = wrk.P99Us / 1000.0,
            Errors = wrk.Errors,
            LimitName = limitName,
            LimitPerSecond = limitPerSecond,
            TargetText = target.Describe(),
            FailureSamples = string.IsNullOrEmpty(wrk.Samples) ? null : wrk.Samples,
            AppCpuMsPerRequest = wrk.AppCpuMsPerRequest,
            DatabaseCpuMsPerRequest = wrk.DatabaseCpuMsPerRequest,
            PeakRssBytes = wrk.PeakRssBytes,
        };
        return result with { Met = target.IsMetBy(result.Ratio, result.P95Ms, result.P99Ms) };
    }
}

/// <summary>The machine and the run, printed above the table.</summary>
public sealed record RunHeader
{
    public required DateTimeOffset Started { get; init; }

    public required string Commit { get; init; }

    public required int Cores { get; init; }

    public required string CpuModel { get; init; }

    public required long MemoryBytes { get; init; }

    public required int Opinions { get; init; }

    public required double LoadSeconds { get; init; }

    /// <summary>The data generator's steps with their times.</summary>
    public IReadOnlyList<string> LoadSteps { get; init; } = [];

    public required string LoadGenerator { get; init; }

    public required int SecondsPerScenario { get; init; }

    public required int WarmUpSeconds { get; init; }

    public long PeakRssBytes { get; init; }

    public long RssLimitBytes { get; init; } = 400L * 1024 * 1024;

    public string? Database { get; init; }

    public string? Notes { get; init; }
}

public sealed record RunReport(RunHeader Header, IReadOnlyList<ScenarioResult> Scenarios, IReadOnlyList<string> Problems)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToMarkdown()
    {
        var h = Header;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"# LiaisonPortal benchmark {h.Started:yyyy-MM-dd HH:mm} (UTC{h.Started:zzz}), commit {h.Commit}\n\n");
        text.Append(c, $"- machine: {h.Cores} cores ({h.CpuModel}), {h.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB memory; app, PostgreSQL and load generator on the same machine\n");
        text.Append(c, $"- data: {h.Opinions:N0} opinions, loaded in {h.LoadSeconds:0.0} s{(h.LoadSteps.Count == 0 ? string.Empty : " (" + string.Join("; ", h.LoadSteps) + ")")}\n");
        if (h.Database is not null)
        {
            text.Append(c, $"- database: {h.Database}\n");
        }

        text.Append(c, $"- load generator: {h.LoadGenerator}; {h.SecondsPerScenario} s measured per scenario after {h.WarmUpSeconds} s of warm-up\n");
        var rssMet = h.PeakRssBytes < h.RssLimitBytes ? "met" : "MISSED";
        text.Append(c, $"- web process peak resident memory: {Mib(h.PeakRssBytes)} MiB (target < {Mib(h.RssLimitBytes)} MiB: {rssMet})\n");
        if (h.Notes is not null)
        {
            text.Append(c, $"- {h.Notes}\n");
        }

        text.Append('\n');
        text.Append(Table(Scenarios));
        var checks = Scenarios.Where(s => s.Check is not null).ToList();
        if (checks.Count > 0)
        {
            text.Append('\n');
            foreach (var s in checks)
            {
                text.Append(c, $"- {s.Scenario}: {s.Check}\n");
            }
        }

        if (Problems.Count > 0)
        {
            text.Append("\n**Problems**\n\n");
            foreach (var problem in Problems)
            {
                text.Append(c, $"- {problem}\n");
            }
        }

        return text.ToString();
    }

    public static string Table(IReadOnlyList<ScenarioResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("| scenario | connections | requests/s | p50 ms | p95 ms | p99 ms | errors | limit | limit req/s | ratio | target | met? | CPU ms/req app + db | peak MiB |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|---:|---:|\n");
        foreach (var r in rows)
        {
            var limit = r.LimitName ?? "—";
            var limitRate = r.LimitPerSecond is { } l ? l.ToString("N0", c) : "—";
            var ratio = r.Ratio is { } x ? Target.Percent(x) : "—";
            var met = r.Met switch
            {
                true => "yes",
                false => "**no**",
                null => "—",
            };
            text.Append(c, $"| {r.Scenario} | {r.Connections} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.0} | {r.P95Ms:0.0} | {r.P99Ms:0.0} | {r.Errors} | {limit} | {limitRate} | {ratio} | {r.TargetText} | {met} | {Cpu(r)} | {Mib(r.PeakRssBytes)} |\n");
        }

        return text.ToString();
    }

    private static string Cpu(ScenarioResult r) => r.AppCpuMsPerRequest is { } app && r.DatabaseCpuMsPerRequest is { } db
        ? string.Create(CultureInfo.InvariantCulture, $"{app:0.00} + {db:0.00}")
        : "—";

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture);
}
