using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LiaisonPortal.Benchmarks;

/// <summary>The checkout, the machine and the tools the run needs.</summary>
public static class Machine
{
    /// <summary>The folder holding LiaisonPortal.sln, walking up from <paramref name="start"/>.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LiaisonPortal.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    /// <summary>The short commit, with "-dirty" when tracked files differ from it; "unknown" outside git.</summary>
    public static async Task<string> CommitAsync(string root, CancellationToken cancellationToken)
    {
        var head = await Tool.RunAsync("git", ["-C", root, "rev-parse", "--short", "HEAD"], cancellationToken: cancellationToken);
        if (head.ExitCode != 0)
        {
            return "unknown";
        }

        var status = await Tool.RunAsync("git", ["-C", root, "status", "--porcelain", "--untracked-files=no"], cancellationToken: cancellationToken);
        return head.Output.Trim() + (status.ExitCode == 0 && status.Output.Trim().Length > 0 ? "-dirty" : string.Empty);
    }

    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    public static long TotalMemoryBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is null ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : KilobytesIn(line) * 1024;
        }
        catch (IOException)
        {
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }
    }

    /// <summary>VmRSS of a process in bytes; 0 when it has gone.</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : KilobytesIn(line) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>"wrk 4.1.0 (debian/4.1.0-3+b2 epoll)", or null when wrk is missing.</summary>
    public static async Task<string?> WrkVersionAsync(string wrk, CancellationToken cancellationToken)
    {
        if (!File.Exists(wrk))
        {
            return null;
        }

        // wrk -v prints its version line and the usage, and exits 1.
        var result = await Tool.RunAsync(wrk, ["-v"], cancellationToken: cancellationToken);
        var line = (result.Output + result.Error).Split('\n').FirstOrDefault(l => l.StartsWith("wrk", StringComparison.Ordinal))?.Trim();
        return line is null ? "wrk" : line.Split(" Copyright", 2)[0];
    }

    private static long KilobytesIn(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

public sealed record ToolResult(int ExitCode, string Output, string Error);

/// <summary>
/// Child processes (wrk, pgbench, git, the web app). Every one started is remembered until it ends, so that Ctrl+C, a
/// failure or the runner's exit kills them all: no orphans.
/// </summary>
public static class Tool
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly ConcurrentDictionary<Guid, Action> AtExit = new();

    public static async Task<ToolResult> RunAsync(
        string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Start(info);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        finally
        {
            Running.TryRemove(process.Id, out _);
        }

        return new ToolResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running child whose output goes, line by line, into <paramref name="log"/>.</summary>
    public static Process StartLogged(ProcessStartInfo info, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(log);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{info.FileName} did not start");
        }

        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void Forget(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        Running.TryRemove(process.Id, out _);
    }

    /// <summary>
    /// Something to undo if the runner is ended (SIGTERM) before its own clean-up runs, e.g. stopping PostgreSQL, which
    /// pg_ctl started as a daemon rather than as a child. Dispose the result once the clean-up has been done normally.
    /// </summary>
    public static IDisposable OnExit(Action action)
    {
        var key = Guid.NewGuid();
        AtExit[key] = action;
        return new Unregister(key);
    }

    /// <summary>Kills every child still running and runs what was registered with <see cref="OnExit"/>.</summary>
    public static void CleanUp()
    {
        KillAll();
        foreach (var key in AtExit.Keys)
        {
            if (AtExit.TryRemove(key, out var action))
            {
                action();
            }
        }
    }

    /// <summary>Kills every child still running (Ctrl+C, a failure, the runner's exit).</summary>
    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            Kill(process);
        }

        Running.Clear();
    }

    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Same: nothing left to kill.
        }
    }

    private sealed class Unregister(Guid key) : IDisposable
    {
        public void Dispose() => AtExit.TryRemove(key, out _);
    }

    private static Process Start(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        Running[process.Id] = process;
        return process;
    }

    private static void Write(TextWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}

/// <summary>
/// CPU time spent by the web process and by the PostgreSQL server (postmaster, its live backends and the ones that
/// have exited), read from /proc: a cost per request that another busy process on the machine hardly changes, unlike
/// requests per second.
/// </summary>
public sealed class CpuMeter(int appPid, string postmasterPidFile)
{
    /// <summary>USER_HZ, the unit of /proc/[pid]/stat times: 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    public (double AppSeconds, double DatabaseSeconds) Read()
    {
        var postmaster = Postmaster();
        double database = 0;
        if (postmaster > 0)
        {
            var own = Stat(postmaster);
            database = own is null ? 0 : own[0] + own[1] + own[2] + own[3];
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && Stat(pid) is { } child && child[4] == postmaster)
                {
                    database += child[0] + child[1];
                }
            }
        }

        var app = Stat(appPid);
        return ((app is null ? 0 : app[0] + app[1]) / TicksPerSecond, database / TicksPerSecond);
    }

    private int Postmaster()
    {
        try
        {
            return int.TryParse(File.ReadLines(postmasterPidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>utime, stime, cutime, cstime and the parent's pid of a process; null when it has gone.</summary>
    private static long[]? Stat(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name in parentheses may hold spaces: count fields after its closing parenthesis.
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 15)
        {
            return null;
        }

        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return [Field(14), Field(15), Field(16), Field(17), Field(4)];
    }
}

/// <summary>Samples a process's resident memory every 250 ms and keeps the peak, overall and since the last <see cref="StartWindow"/>.</summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;
    private readonly int _pid;
    private long _windowPeak;

    public RssSampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            do
            {
                var rss = Machine.ResidentBytes(pid);
                if (rss > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, rss);
                }

                if (rss > Interlocked.Read(ref _windowPeak))
                {
                    Interlocked.Exchange(ref _windowPeak, rss);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        });
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>The peak since <see cref="StartWindow"/>.</summary>
    public long WindowPeakBytes => Interlocked.Read(ref _windowPeak);

    /// <summary>Starts a new window at the current resident size (one scenario).</summary>
    public void StartWindow() => Interlocked.Exchange(ref _windowPeak, Machine.ResidentBytes(_pid));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}

internal static class Text
{
    public static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
