using Npgsql;

namespace LiaisonPortal.Core.Database;

/// <summary>
/// A full backup of the portal's database with PostgreSQL's own pg_dump in its custom format (compressed, restored
/// with pg_restore into a new database). The file holds everything, the Data Protection keys that decrypt citizens'
/// phone numbers included, so it is created readable by its owner only (0600) before pg_dump writes into it.
/// </summary>
public sealed class DatabaseBackup(PortalDatabase database)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromHours(2);

    /// <summary>Dumps to <paramref name="file"/> (replaced if it exists); the tool's error output on failure.</summary>
    public async Task<(bool Succeeded, string Message)> DumpAsync(string file, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var path = Path.GetFullPath(file);
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        CreatePrivate(path);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(connection.Password))
        {
            environment["PGPASSWORD"] = connection.Password;
        }

        string[] arguments =
        [
            "--format=custom", "--file", path, "--host", connection.Host ?? "localhost", "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", connection.Username ?? "postgres", "--no-password", connection.Database ?? "postgres",
        ];
        var result = await ExternalProcess.RunAsync(PgDump(database.Options.PostgresBinDir), arguments, runAsUser: null, Timeout, cancellationToken, environment);
        if (!result.Succeeded)
        {
            File.Delete(path);
            return (false, $"pg_dump failed (exit code {result.ExitCode}): {result.Tail()}");
        }

        return (true, $"Backup written to {path} ({new FileInfo(path).Length} bytes, pg_dump custom format).");
    }

    /// <summary>pg_dump beside the server binaries when they are found (Debian keeps them off PATH), else pg_dump on PATH.</summary>
    private static string PgDump(string? configuredBinDirectory)
    {
        try
        {
            var beside = Path.Combine(PostgresBinaries.Locate(configuredBinDirectory).BinDirectory, "pg_dump");
            return File.Exists(beside) ? beside : "pg_dump";
        }
        catch (PostgresNotFoundException)
        {
            return "pg_dump";
        }
    }

    private static void CreatePrivate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllBytes(path, []);
            return;
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        // An existing file keeps its mode when replaced: tighten it too.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
