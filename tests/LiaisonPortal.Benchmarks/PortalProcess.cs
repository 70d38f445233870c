using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace LiaisonPortal.Benchmarks;

/// <summary>
/// The web app's own Release build, run as a separate process as in production (the Production environment, no
/// migrations or demo data at start, HTTP only because there is no TLS proxy in front), its output in a log file.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    /// <summary>Limits meant for one citizen or one attacker, raised because every request of the run comes from 127.0.0.1.</summary>
    public static readonly IReadOnlyDictionary<string, string> RaisedLimits = new Dictionary<string, string>
    {
        ["RateLimits__SignInPerMinute"] = "100000000",
        ["RateLimits__PublicPerMinute"] = "100000000",
        ["RateLimits__PostsPerAddressPerHour"] = "100000000",
        ["RateLimits__PostsPerPhonePerDay"] = "100000000",
        ["RateLimits__FailedLookupsPerAddressPerHour"] = "100000000",
        ["RateLimits__FailedLookupsPerCodePerHour"] = "100000000",
    };

    private readonly Process _process;
    private readonly StreamWriter _log;

    private PortalProcess(Process process, StreamWriter log, Uri address, string logPath)
    {
        _process = process;
        _log = log;
        Address = address;
        LogPath = logPath;
        Memory = new RssSampler(process.Id);
    }

    public Uri Address { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public RssSampler Memory { get; }

    public static string DllPath(string root) =>
        Path.Combine(root, "src", "LiaisonPortal.Web", "bin", "Release", "net10.0", "LiaisonPortal.Web.dll");

    public static async Task<PortalProcess> StartAsync(string root, string connectionString, string logPath, CancellationToken cancellationToken)
    {
        var dll = DllPath(root);
        if (!File.Exists(dll))
        {
            throw new BenchmarkException($"{dll} is missing: run the benchmark with -c Release (its Release build builds the web app).");
        }

        var port = Machine.FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(root, "src", "LiaisonPortal.Web"),
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(address.ToString().TrimEnd('/'));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Liaison"] = connectionString;
        info.Environment["Database__MigrateOnStart"] = "false";
        info.Environment["Database__SeedDemoData"] = "false";
        // Production runs behind a proxy that ends TLS: the runner plays that proxy (X-Forwarded-Proto: https on every request),
        // so the app's __Host- cookies and antiforgery work as in production over plain http on the loopback.
        info.Environment["Portal__RequireHttps"] = "false";
        info.Environment["Portal__TrustedProxies"] = "127.0.0.1";
        info.Environment["Portal__PublicBaseUrl"] = address.ToString().TrimEnd('/');
        foreach (var (key, value) in RaisedLimits)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Tool.StartLogged(info, log);
        var app = new PortalProcess(process, log, address, logPath);
        try
        {
            await app.WaitReadyAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new BenchmarkException($"the web app exited with code {_process.ExitCode} before it was ready; see {LogPath}:\n{LogTail(20)}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timed out";
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new BenchmarkException($"the web app was not ready after 90 s ({last}); see {LogPath}:\n{LogTail(20)}");
    }

    public string LogTail(int lines)
    {
        lock (_log)
        {
            _log.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return Text.Tail(reader.ReadToEnd().TrimEnd(), lines);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Log lines of requests that answered with an error status (the request-logging middleware's lines).</summary>
    public IReadOnlyList<string> ErrorLines(int max)
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var found = new List<string>();
        while (reader.ReadLine() is { } line && found.Count < max)
        {
            if (ErrorLine().IsMatch(line) || line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal))
            {
                found.Add(line);
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await Memory.DisposeAsync();
        if (!_process.HasExited)
        {
            // A polite stop first (SIGTERM lets the host shut down), then a kill.
            try
            {
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Still running: killed below.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No kill command: killed below.
            }
        }

        Tool.Kill(_process);
        Tool.Forget(_process);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    [GeneratedRegex(@"responded (4\d\d|5\d\d) in")]
    private static partial Regex ErrorLine();
}

public sealed class BenchmarkException(string message) : Exception(message);
