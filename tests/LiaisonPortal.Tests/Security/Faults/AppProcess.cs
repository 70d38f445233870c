using System.Diagnostics;
using System.Globalization;
using System.Net;
using LiaisonPortal.Benchmarks;
using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Security.Faults;

/// <summary>
/// The web app's build for this test run's configuration (<see cref="RepositoryPaths.WebAssembly"/>), run with
/// <c>dotnet</c> as a separate process as in production (the Production environment, no migrations or demo data at
/// start, plain HTTP on the loopback), its settings as environment variables and its output in a log file.
/// <see cref="Kill"/> is kill -9. Like the benchmark's <see cref="PortalProcess"/>, for the Debug build the tests use.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    /// <summary>The exit code .NET reports for a child ended by signal 9 (128 + SIGKILL), as a shell would.</summary>
    public const int KilledBySigkill = 128 + 9;

    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, StreamWriter log, Uri address, string logPath)
    {
        _process = process;
        _log = log;
        Address = address;
        LogPath = logPath;
    }

    public Uri Address { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the app on <paramref name="connectionString"/> with more settings ("Section__Key" names) and waits until /health/ready answers 200.</summary>
    public static async Task<AppProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        var app = Start(connectionString, settings, logPath);
        try
        {
            await app.WaitReadyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Starts the app without waiting for it (its background services start before it answers requests).</summary>
    public static AppProcess Start(string connectionString, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        var dll = RepositoryPaths.WebAssembly();
        Assert.True(File.Exists(dll), $"{dll} is missing: build the tests first (they build the web app).");
        var address = new Uri($"http://127.0.0.1:{Machine.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.WebProject };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(address.ToString().TrimEnd('/'));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Liaison"] = connectionString;
        info.Environment["Database__MigrateOnStart"] = "false";
        info.Environment["Database__SeedDemoData"] = "false";
        info.Environment["Portal__RequireHttps"] = "false";
        info.Environment["Portal__PublicBaseUrl"] = address.ToString().TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        return new AppProcess(Tool.StartLogged(info, log), log, address, logPath);
    }

    /// <summary>
    /// kill -9: <see cref="Process.Kill()"/> sends SIGKILL on Linux (no shutdown hooks, no flushing, no graceful stop of
    /// the hosted services); waits until the process is gone. The caller can check <see cref="ExitCode"/> is
    /// <see cref="KilledBySigkill"/>.
    /// </summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public string ReadLog()
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(_process.HasExited, $"The web app exited with code {(_process.HasExited ? _process.ExitCode : 0)} before it was ready:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The web app was not ready after 90 s ({last}):\n{Tail()}");
    }

    private string Tail() => string.Join('\n', ReadLog().TrimEnd().Split('\n').TakeLast(30));

    public ValueTask DisposeAsync()
    {
        // Tests stop it hard: what a graceful stop would do is not under test here, and the database is dropped next.
        Tool.Kill(_process);
        Tool.Forget(_process);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
