using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Database;

/// <summary>Settings under "Database" in configuration.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Where the embedded cluster lives; default .data/postgres at the repository root (or the content root).</summary>
    public string? DataDirectory { get; set; }

    public string? PostgresBinDir { get; set; }

    public string Name { get; set; } = "liaison";

    public int? Port { get; set; }

    /// <summary>Apply pending migrations at start; turn off in production and run the migrate command instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Load the demo data at start; unset means "only on the embedded cluster".</summary>
    public bool? SeedDemoData { get; set; }
}

/// <summary>
/// The one place that knows where the database is: the configured connection string ConnectionStrings:Liaison, or,
/// when there is none, an embedded PostgreSQL cluster this process starts and stops.
/// </summary>
public sealed class PortalDatabase(IConfiguration configuration, IHostEnvironment environment, ILogger<PortalDatabase> logger) : IAsyncDisposable
{
    public const string ConnectionStringName = "Liaison";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _connectionString = configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured ? configured : null;
    private EmbeddedPostgres? _embedded;

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database has not been started: call PortalDatabase.StartAsync first.");

    public bool IsEmbedded => _embedded is not null;

    public DatabaseOptions Options { get; } = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

    public bool ShouldSeedDemoData => Options.SeedDemoData ?? IsEmbedded;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connectionString is not null)
            {
                return;
            }

            _embedded = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions
                {
                    DataDirectory = Options.DataDirectory is { Length: > 0 } folder
                        ? Path.GetFullPath(folder, environment.ContentRootPath)
                        : DefaultDataDirectory(environment.ContentRootPath),
                    BinDirectory = Options.PostgresBinDir,
                    Database = Options.Name,
                    Port = Options.Port,
                },
                logger,
                cancellationToken);
            _connectionString = _embedded.ConnectionStringFor(Options.Name);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _gate.Dispose();
    }

    /// <summary>.data/postgres beside LiaisonPortal.sln when run from a checkout, else under the content root.</summary>
    public static string DefaultDataDirectory(string contentRoot)
    {
        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LiaisonPortal.sln")))
            {
                return Path.Combine(folder.FullName, ".data", "postgres");
            }
        }

        return Path.Combine(contentRoot, ".data", "postgres");
    }
}
