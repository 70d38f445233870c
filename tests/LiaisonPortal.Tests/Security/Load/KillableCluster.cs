using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Database;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LiaisonPortal.Tests.Security.Load;

/// <summary>
/// A PostgreSQL cluster of one test's own, in a temporary folder, that may be killed: never the run's shared cluster
/// (<see cref="TestCluster"/>). It holds the migrated schema and the demo data. <see cref="KillPostmaster"/> sends
/// SIGKILL to the postmaster only (as a crash of the server's main process would); <see cref="RestartAsync"/> waits for
/// the orphaned backends to notice and leave, then starts the server again on the same data and port (crash recovery).
/// </summary>
public sealed class KillableCluster : IAsyncDisposable
{
    private const string Database = "liaison";
    private readonly string _folder;
    private EmbeddedPostgres _server;

    private KillableCluster(string folder, EmbeddedPostgres server)
    {
        _folder = folder;
        _server = server;
        ConnectionString = server.ConnectionStringFor(Database);
    }

    public string ConnectionString { get; }

    private string PidFile => Path.Combine(_folder, "pgdata", "postmaster.pid");

    public static async Task<KillableCluster> StartAsync()
    {
        TempFolder.DeleteStoppedClusters("liaison-dbfault");
        var folder = TempFolder.Create("liaison-dbfault");
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = folder, Database = Database }, NullLogger.Instance);
        var cluster = new KillableCluster(folder, server);
        // A test host that is torn down mid-test leaves no server behind.
        AppDomain.CurrentDomain.ProcessExit += cluster.OnProcessExit;
        try
        {
            await using var services = TestCluster.CoreServices(cluster.ConnectionString);
            await using var scope = services.CreateAsyncScope();
            var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync();
            await initializer.SeedDemoDataAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>kill -9 of the postmaster; returns the processes it had started (backends, checkpointer, …), still running for a moment.</summary>
    public IReadOnlyList<int> KillPostmaster()
    {
        var postmaster = int.Parse(File.ReadLines(PidFile).First().Trim(), CultureInfo.InvariantCulture);
        var children = ChildrenOf(postmaster);
        using (var process = Process.GetProcessById(postmaster))
        {
            // Process.Kill is SIGKILL on Unix.
            process.Kill();
            process.WaitForExit(5000);
        }

        return children;
    }

    /// <summary>
    /// Starts the server again on the same data directory and port once the killed postmaster's children are gone (they
    /// notice its death by themselves; any still there after 10 s are killed too, by their ids).
    /// </summary>
    public async Task RestartAsync(IReadOnlyList<int> orphans)
    {
        ArgumentNullException.ThrowIfNull(orphans);
        var deadline = Stopwatch.StartNew();
        while (orphans.Any(IsRunning))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                foreach (var pid in orphans.Where(IsRunning))
                {
                    try
                    {
                        using var orphan = Process.GetProcessById(pid);
                        orphan.Kill();
                    }
                    catch (ArgumentException)
                    {
                        // Gone meanwhile.
                    }
                }
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException("the killed postmaster's processes did not end: " + string.Join(", ", orphans.Where(IsRunning)));
            }

            await Task.Delay(50);
        }

        // This process's own idle connections to the old server (the first start's "postgres" database) died with it, and
        // Npgsql does not notice until one is used: the restart's own first query would fail on one.
        using (var admin = new NpgsqlConnection(_server.ConnectionStringFor("postgres")))
        {
            NpgsqlConnection.ClearPool(admin);
        }

        var port = _server.Port;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _server = await EmbeddedPostgres.StartAsync(
                    new EmbeddedPostgresOptions { DataDirectory = _folder, Database = Database, Port = port }, NullLogger.Instance);
                return;
            }
            catch (EmbeddedPostgresException) when (attempt < 5)
            {
                await Task.Delay(500);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await _server.StopAsync();
        TempFolder.Delete(_folder);
    }

    private void OnProcessExit(object? sender, EventArgs e) => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Alive and not a zombie (an orphan's exit may wait for a reaper that never comes in a container).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }
}
