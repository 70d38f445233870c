using LiaisonPortal.Core;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run: the embedded launcher on a temporary folder (removed at the end),
/// or the server named by LIAISON_TEST_PG. It holds two migrated templates, empty and with the demo data, and
/// every test class gets its own clone of one of them.
/// </summary>
public static class TestCluster
{
    public const string ServerVariable = "LIAISON_TEST_PG";

    private static readonly Lazy<Task<Server>> Instance = new(StartAsync);
    private static readonly SemaphoreSlim CloneGate = new(1, 1);

    public static async Task<string> CloneAsync(bool withDemoData)
    {
        var server = await Instance.Value;
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await CloneGate.WaitAsync();
        try
        {
            await server.ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{(withDemoData ? server.DemoTemplate : server.EmptyTemplate)}\"");
        }
        finally
        {
            CloneGate.Release();
        }

        return server.ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var server = await Instance.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>
    /// The core services (DbContext, Identity, domain services) on one database, as the app has them; optionally with
    /// more settings and with registrations added after the app's (fakes replace the app's services).
    /// </summary>
    public static ServiceProvider CoreServices(
        string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Liaison"] = connectionString })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        services.AddLogging();
        services.AddLiaisonCore();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task<Server> StartAsync()
    {
        Server server;
        var external = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            server = new Server(external, embedded: null, folder: null);
        }
        else
        {
            // The exit handler below does not always finish before the test host is torn down: sweep earlier runs first.
            TempFolder.DeleteStoppedClusters("liaison-tests");
            var folder = TempFolder.Create("liaison-tests");
            var embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = folder, Database = "postgres" }, NullLogger.Instance);
            server = new Server(embedded.ConnectionStringFor("postgres"), embedded, folder);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        await server.CreateTemplatesAsync();
        return server;
    }

    private sealed class Server(string adminConnectionString, EmbeddedPostgres? embedded, string? folder) : IAsyncDisposable
    {
        private readonly string _run = Guid.NewGuid().ToString("N")[..8];

        public string EmptyTemplate => $"tpl_{_run}";

        public string DemoTemplate => $"tpl_{_run}_demo";

        public string ConnectionStringFor(string database) =>
            new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, Pooling = true }.ConnectionString;

        public async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async Task CreateTemplatesAsync()
        {
            await ExecuteAsync($"CREATE DATABASE \"{EmptyTemplate}\"");
            await using (var services = CoreServices(ConnectionStringFor(EmptyTemplate)))
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"CREATE DATABASE \"{DemoTemplate}\" TEMPLATE \"{EmptyTemplate}\"");
            await using (var services = CoreServices(ConnectionStringFor(DemoTemplate)))
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().SeedDemoDataAsync();
            }

            // A template must have no open connections when it is cloned.
            NpgsqlConnection.ClearAllPools();
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            if (embedded is not null)
            {
                await embedded.StopAsync();
                TempFolder.Delete(folder!);
            }
            else
            {
                foreach (var template in new[] { DemoTemplate, EmptyTemplate })
                {
                    await ExecuteAsync($"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)");
                }
            }
        }
    }
}

/// <summary>Temporary folders the postgres OS user can reach when tests run as root.</summary>
public static class TempFolder
{
    public static string Create(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix + "-").FullName;
        if (OperatingSystem.IsWindows())
        {
            return folder;
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return folder;
    }

    /// <summary>Removes earlier runs' cluster folders whose server is no longer running (no postmaster.pid).</summary>
    /// <summary>
    /// Deletes earlier runs' clusters that are no longer running. A folder younger than ten minutes is left alone: it may
    /// be another test run on this machine still inside initdb, before its server has written postmaster.pid.
    /// </summary>
    public static void DeleteStoppedClusters(string prefix)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "-*"))
        {
            if (!File.Exists(Path.Combine(folder, "pgdata", "postmaster.pid"))
                && Directory.GetCreationTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10)
                && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10))
            {
                Delete(folder);
            }
        }
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"Could not remove {folder}: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            Console.Error.WriteLine($"Could not remove {folder}: {exception.Message}");
        }
    }
}
