using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiaisonPortal.Core.Database;

public sealed class EmbeddedPostgresOptions
{
    /// <summary>Folder holding the cluster (pgdata/), its superuser password and its server log.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Folder with initdb and pg_ctl; empty to search the usual places.</summary>
    public string? BinDirectory { get; init; }

    public string Database { get; init; } = "liaison";

    /// <summary>Loopback port; null or 0 picks a free one.</summary>
    public int? Port { get; init; }

    public PostgresSearch? Search { get; init; }
}

/// <summary>
/// A PostgreSQL cluster this process runs from the machine's own binaries, on a loopback port, in a folder it owns.
/// A second start finds the cluster and reuses its data; if its server is already running (another instance,
/// or a process that was killed) it is attached to and left running.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private const string ServerUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private readonly PostgresBinaries _binaries;
    private readonly string _pgData;
    private readonly string? _runAs;
    private readonly ILogger _logger;
    private bool _stopped;

    private EmbeddedPostgres(PostgresBinaries binaries, string pgData, string? runAs, int port, string password, bool ownsServer, ILogger logger)
    {
        _binaries = binaries;
        _pgData = pgData;
        _runAs = runAs;
        _logger = logger;
        Port = port;
        Password = password;
        OwnsServer = ownsServer;
    }

    public int Port { get; }

    public string Password { get; }

    /// <summary>False when the server was already running and this instance only attached to it.</summary>
    public bool OwnsServer { get; }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServerUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binaries = PostgresBinaries.Locate(options.BinDirectory, options.Search);
        var root = Path.GetFullPath(options.DataDirectory);
        var pgData = Path.Combine(root, "pgdata");
        var passwordFile = Path.Combine(root, "superuser.password");
        // initdb and postgres refuse to run as root, so a root process runs them as the postgres user.
        var runAs = Environment.IsPrivilegedProcess ? ServerUser : null;

        Directory.CreateDirectory(root);
        if (runAs is not null)
        {
            await ChownAsync(root, cancellationToken);
        }

        var password = await EnsureClusterAsync(binaries, root, pgData, passwordFile, runAs, logger, cancellationToken);

        var running = await ExternalProcess.RunAsync(binaries.PgCtl, ["status", "-D", pgData], runAs, CommandTimeout, cancellationToken);
        EmbeddedPostgres server;
        if (running.Succeeded && ReadRunningPort(pgData) is { } runningPort)
        {
            LogAttached(logger, pgData, runningPort);
            server = new EmbeddedPostgres(binaries, pgData, runAs, runningPort, password, ownsServer: false, logger);
        }
        else
        {
            var port = await StartServerAsync(binaries, root, pgData, runAs, options.Port, cancellationToken);
            LogStarted(logger, binaries.BinDirectory, pgData, port);
            server = new EmbeddedPostgres(binaries, pgData, runAs, port, password, ownsServer: true, logger);
        }

        try
        {
            await server.CreateDatabaseIfMissingAsync(options.Database, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task StopAsync()
    {
        if (_stopped || !OwnsServer)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        var result = await ExternalProcess.RunAsync(_binaries.PgCtl, ["stop", "-D", _pgData, "-m", "fast", "-w", "-t", "60"], _runAs, CommandTimeout, CancellationToken.None);
        if (result.Succeeded)
        {
            LogStopped(_logger);
        }
        else
        {
            LogStopFailed(_logger, result.Output);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<string> EnsureClusterAsync(
        PostgresBinaries binaries, string root, string pgData, string passwordFile, string? runAs, ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(pgData, "PG_VERSION")))
        {
            return File.Exists(passwordFile)
                ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim()
                : throw new EmbeddedPostgresException(
                    $"The embedded PostgreSQL cluster in {pgData} has no password file {passwordFile}; restore it or delete {root} to start afresh.");
        }

        if (Directory.Exists(pgData))
        {
            // A half-made cluster from an interrupted initdb: nothing in it is worth keeping.
            Directory.Delete(pgData, recursive: true);
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (runAs is not null)
        {
            await ChownAsync(passwordFile, cancellationToken);
        }

        LogCreating(logger, pgData);
        var initdb = await ExternalProcess.RunAsync(
            binaries.InitDb,
            ["-D", pgData, "-U", ServerUser, "--auth=scram-sha-256", "--pwfile", passwordFile, "--encoding=UTF8", "--no-locale", "--no-instructions"],
            runAs, CommandTimeout, cancellationToken);
        if (!initdb.Succeeded)
        {
            throw new EmbeddedPostgresException($"initdb failed in {pgData}: {initdb.Tail()}");
        }

        return password;
    }

    private static async Task<int> StartServerAsync(
        PostgresBinaries binaries, string root, string pgData, string? runAs, int? configuredPort, CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(root, "server.log");
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            // A free port can be taken by someone else between the probe and the bind: try again with a new one.
            var port = configuredPort is > 0 ? configuredPort.Value : FreeLoopbackPort();
            var serverOptions = string.Create(CultureInfo.InvariantCulture,
                $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c max_connections=200 -c fsync=on");
            var start = await ExternalProcess.RunAsync(
                binaries.PgCtl, ["start", "-D", pgData, "-l", logFile, "-w", "-t", "60", "-o", serverOptions], runAs, CommandTimeout, cancellationToken);
            if (start.Succeeded)
            {
                return port;
            }

            if (attempt == Attempts || configuredPort is > 0)
            {
                var log = File.Exists(logFile) ? string.Join(" | ", File.ReadLines(logFile).TakeLast(3)) : string.Empty;
                throw new EmbeddedPostgresException($"PostgreSQL did not start in {pgData}: {start.Tail(3)} {log}".Trim());
            }
        }
    }

    /// <summary>postmaster.pid's fourth line is the port of a running server.</summary>
    private static int? ReadRunningPort(string pgData)
    {
        var pidFile = Path.Combine(pgData, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3].Trim(), CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ExternalProcess.RunAsync("chown", [$"{ServerUser}:", path], runAsUser: null, CommandTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"This process runs as root, so PostgreSQL must run as the '{ServerUser}' OS user, but {path} could not be given to it: {result.Tail(1)}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded PostgreSQL already running in {DataDirectory} on port {Port}; attaching")]
    private static partial void LogAttached(ILogger logger, string dataDirectory, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded PostgreSQL started from {BinDirectory} in {DataDirectory} on 127.0.0.1:{Port}")]
    private static partial void LogStarted(ILogger logger, string binDirectory, string dataDirectory, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded PostgreSQL stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded PostgreSQL did not stop cleanly: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating the embedded PostgreSQL cluster in {DataDirectory}")]
    private static partial void LogCreating(ILogger logger, string dataDirectory);
}
