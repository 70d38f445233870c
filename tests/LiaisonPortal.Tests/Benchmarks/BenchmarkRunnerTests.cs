using LiaisonPortal.Benchmarks;

namespace LiaisonPortal.Tests.Benchmarks;

/// <summary>The benchmark runner's pure parts; the run itself is proved end to end by the smoke run in CI (.ci/run).</summary>
public class BenchmarkRunnerTests
{
    [Fact]
    public void WithoutArgumentsEveryScenarioRunsOnAMillionOpinionsForFifteenSeconds()
    {
        var options = RunnerOptions.Parse([], out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(ScenarioNames.All, options.Scenarios);
        Assert.Equal(1_000_000, options.Opinions);
        Assert.Equal(15, options.Seconds);
        Assert.Equal(3, options.WarmUpSeconds);
        Assert.Null(options.Connections);
        Assert.False(options.Keep);
        Assert.False(options.EnforceTargets);
    }

    [Fact]
    public void TheSmokeRunsOptionsAreRead()
    {
        var options = RunnerOptions.Parse(
            ["--scenario", "all", "--opinions", "10,000", "--seconds", "3", "--connections", "16", "--results", "/tmp/r", "--keep", "--enforce-targets"], out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(10_000, options.Opinions);
        Assert.Equal(3, options.Seconds);
        Assert.Equal(1, options.WarmUpSeconds);
        Assert.Equal(16, options.Connections);
        Assert.Equal("/tmp/r", options.ResultsDirectory);
        Assert.True(options.Keep);
        Assert.True(options.EnforceTargets);
    }

    [Fact]
    public void ScenariosRunInTheirOwnOrderAndTheLandingPageBringsItsCeiling()
    {
        var options = RunnerOptions.Parse(["--scenario", "submit,qr-landing,office-queue-deep,submit"], out var error);

        Assert.Null(error);
        Assert.Equal([ScenarioNames.Plaintext, ScenarioNames.QrLanding, ScenarioNames.OfficeQueue, ScenarioNames.Submit], options!.Scenarios);
    }

    [Theory]
    [InlineData("--scenario", "checkout", "unknown scenario 'checkout'")]
    [InlineData("--opinions", "many", "--opinions needs a whole number")]
    [InlineData("--seconds", "0", "--seconds needs a whole number of at least 1")]
    [InlineData("--connections", "-4", "--connections needs a whole number")]
    [InlineData("--fast", null, "unknown option '--fast'")]
    public void BadArgumentsAreExplained(string option, string? value, string message)
    {
        string[] args = value is null ? [option] : [option, value];

        var options = RunnerOptions.Parse(args, out var error);

        Assert.Null(options);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpIsAnOption()
    {
        Assert.True(RunnerOptions.Parse(["--help"], out _)!.Help);
        Assert.Contains("--enforce-targets", RunnerOptions.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLineTheLuaScriptsPrintIsReadFromWrksOutput()
    {
        const string Output = """
            Running 3s test @ http://127.0.0.1:41183
              2 threads and 32 connections
            Requests/sec:   9120.41
            BENCH_RESULT {"requests":27400,"duration_us":3004312,"bytes":5130000,"connect_errors":0,"read_errors":1,"write_errors":0,"status_errors":3,"timeout_errors":2,"p50_us":2612,"p95_us":23210,"p99_us":38912,"max_us":61002,"checked_ok":27390,"checked_bad":7,"unseen_errors":4,"exhausted":0,"samples":"200 <form> \u0022提交得太快了\u0022\n"}
            """;

        var result = WrkResult.Parse(Output);

        Assert.NotNull(result);
        Assert.Equal(27_400, result.Requests);
        Assert.Equal(27_400 / 3.004312, result.RequestsPerSecond, precision: 6);
        Assert.Equal(23_210, result.P95Us);
        Assert.Equal(38_912, result.P99Us);
        // wrk's own errors (read, status, timeout) plus the 200s the script refused, each failure once.
        Assert.Equal(1 + 3 + 2 + 4, result.Errors);
        Assert.Equal("200 <form> \"提交得太快了\"\n", result.Samples);
    }

    [Fact]
    public void WrkOutputWithoutTheResultLineGivesNothing()
    {
        Assert.Null(WrkResult.Parse("script.lua:53: unexpected symbol near '='\n"));
    }

    [Fact]
    public void TheTableShowsEveryColumnAndTheRatioToTheLimit()
    {
        var ceiling = new WrkResult { Requests = 30_000, DurationUs = 3_000_000, P50Us = 800, P95Us = 2_000, P99Us = 4_000 };
        var landing = new WrkResult
        {
            Requests = 12_000, DurationUs = 3_000_000, P50Us = 5_000, P95Us = 12_000, P99Us = 25_000, StatusErrors = 2,
            AppCpuMsPerRequest = 0.4567, DatabaseCpuMsPerRequest = 0.012, PeakRssBytes = 300L * 1024 * 1024,
        };
        var plaintext = ScenarioResult.From("plaintext", 32, ceiling, Target.None, null, null);
        var qr = ScenarioResult.From("qr-landing", 32, landing, new Target(MinRatio: 0.35, MaxP99Ms: 20), "plaintext", plaintext.RequestsPerSecond);

        var table = RunReport.Table([plaintext, qr]).Split('\n');

        Assert.Equal("| scenario | connections | requests/s | p50 ms | p95 ms | p99 ms | errors | limit | limit req/s | ratio | target | met? | CPU ms/req app + db | peak MiB |", table[0]);
        Assert.Equal("| plaintext | 32 | 10,000 | 0.8 | 2.0 | 4.0 | 0 | — | — | — | — | — | — | 0 |", table[2]);
        // 4,000 of 10,000 is above 35%, but the p99 of 25 ms misses 20 ms.
        Assert.Equal("| qr-landing | 32 | 4,000 | 5.0 | 12.0 | 25.0 | 2 | plaintext | 10,000 | 40% | ≥ 35% of limit, p99 < 20 ms | **no** | 0.46 + 0.01 | 300 |", table[3]);
    }

    [Theory]
    [InlineData(0.5, 40.0, 49.0, true)]
    [InlineData(0.49, 40.0, 49.0, false)]
    [InlineData(0.9, 40.0, 50.0, false)]
    [InlineData(null, 40.0, 10.0, false)]
    public void ATargetWithARatioNeedsTheLimitMeasured(double? ratio, double p95, double p99, bool met)
    {
        Assert.Equal(met, new Target(MinRatio: 0.5, MaxP99Ms: 50).IsMetBy(ratio, p95, p99));
    }

    [Fact]
    public void AScenarioWithoutATargetIsOnlyReported()
    {
        Assert.Null(Target.None.IsMetBy(null, 1_000, 5_000));
        Assert.Equal("—", Target.None.Describe());
    }

    [Fact]
    public void SetCookieHeadersBecomeOneCookieHeaderAndDeletedCookiesAreDropped()
    {
        var header = PortalClient.CookieHeader(
        [
            "__Host-LiaisonPortal.Antiforgery=CfDJ8abc; path=/; samesite=strict; secure; httponly",
            "__Host-LiaisonPortal.Auth=chunks-2; path=/; secure; samesite=lax; httponly",
            "__Host-LiaisonPortal.AuthC1=part1; path=/; secure",
            "__Host-LiaisonPortal.AuthC2=part2; path=/; secure",
            "Identity.External=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/",
        ]);

        Assert.Equal(
            "__Host-LiaisonPortal.Antiforgery=CfDJ8abc; __Host-LiaisonPortal.Auth=chunks-2; __Host-LiaisonPortal.AuthC1=part1; __Host-LiaisonPortal.AuthC2=part2",
            header);
    }

    [Fact]
    public void HiddenFieldsAreReadWhateverTheAttributeOrder()
    {
        const string Html = """
            <form method="post"><input type="text" name="Input.Title" value="not hidden" />
            <input type="hidden" id="Started" name="Started" value="CfDJ8&#x2B;xyz" />
            <input name="__RequestVerificationToken" type="hidden" value="CfDJ8token" /></form>
            """;

        var fields = PortalClient.HiddenFields(Html);

        Assert.Equal(2, fields.Count);
        Assert.Equal("CfDJ8+xyz", fields["Started"]);
        Assert.Equal("CfDJ8token", fields["__RequestVerificationToken"]);
    }

    [Fact]
    public void LuaValuesAreQuotedAsLongStringsSoThatNothingInsideIsInterpreted()
    {
        Assert.Equal("[=====[a \"quoted\" \\ value]=====]", LuaScripts.Lua("a \"quoted\" \\ value"));
        Assert.Throws<ArgumentException>(() => LuaScripts.Lua("]=====]"));
        // An indexed table with a long string key needs a space: "[[" would open a long string instead.
        Assert.Contains("wrk.headers[ [=====[Accept]=====] ]", LuaScripts.FixedGet("/ping", LuaScripts.PhoneHeaders, expect200: false), StringComparison.Ordinal);
    }

    [Fact]
    public void PgbenchsRateIsReadFromItsReport()
    {
        const string Report = """
            number of transactions actually processed: 6057
            number of failed transactions: 0 (0.000%)
            latency average = 15.843 ms
            initial connection time = 25.113 ms
            tps = 2019.801533 (without initial connection time)
            """;

        Assert.Equal(2019.801533, BenchDatabase.TpsOf(Report));
        Assert.Null(BenchDatabase.TpsOf("pgbench: error: connection to server failed"));
    }
}

public sealed class CpuMeterTests
{
    [Fact]
    public async Task ItCountsTheAppsCpuAndTheServersWithTheChildrenItHasReaped()
    {
        // This test process stands in for both: the app (its own CPU) and the postmaster (a child's CPU once reaped).
        var pidFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n/var/lib/postgresql\n");
            var meter = new CpuMeter(Environment.ProcessId, pidFile);
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            var (appBefore, serverBefore) = meter.Read();
            var reference = self.TotalProcessorTime;

            // Spin until this process has used 0.3 s of CPU, however busy the machine is.
            var x = 0.0;
            while ((self.TotalProcessorTime - reference).TotalSeconds < 0.3)
            {
                x += Math.Sqrt(x + 1);
                self.Refresh();
            }

            using (var child = System.Diagnostics.Process.Start("sh", ["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"]))
            {
                await child.WaitForExitAsync();
            }

            var (appAfter, serverAfter) = meter.Read();
            Assert.True(x > 0);
            self.Refresh();
            Assert.InRange(appAfter - appBefore, (self.TotalProcessorTime - reference).TotalSeconds - 0.1, (self.TotalProcessorTime - reference).TotalSeconds + 0.1);
            Assert.True(serverAfter - serverBefore >= 0.05, $"the child's CPU was not counted: {serverAfter - serverBefore:0.000} s");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public void AMissingServerCountsNothing()
    {
        var meter = new CpuMeter(Environment.ProcessId, Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "postmaster.pid"));

        var (app, server) = meter.Read();

        Assert.True(app > 0);
        Assert.Equal(0, server);
    }
}
