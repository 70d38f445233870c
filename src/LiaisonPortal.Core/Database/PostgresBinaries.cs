namespace LiaisonPortal.Core.Database;

/// <summary>Where the PostgreSQL server programs (initdb, pg_ctl) live on this machine.</summary>
public sealed class PostgresBinaries
{
    public const string NotFoundMessage =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql) " +
        "or set the connection string ConnectionStrings:Liaison (environment variable ConnectionStrings__Liaison) to an existing server.";

    private PostgresBinaries(string binDirectory) => BinDirectory = binDirectory;

    public string BinDirectory { get; }

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>
    /// Finds the binaries: the configured folder if any, else <c>pg_config --bindir</c>, else PATH, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c> (Debian keeps initdb off PATH).
    /// </summary>
    public static PostgresBinaries Locate(string? configuredBinDirectory, PostgresSearch? search = null)
    {
        search ??= PostgresSearch.Default;
        if (!string.IsNullOrWhiteSpace(configuredBinDirectory))
        {
            return HasServerPrograms(configuredBinDirectory)
                ? new PostgresBinaries(configuredBinDirectory)
                : throw new PostgresNotFoundException(
                    $"PostgreSQL server binaries (initdb, pg_ctl) are not in the configured folder Database:PostgresBinDir = '{configuredBinDirectory}'. " +
                    "Point it at the folder that holds them, remove the setting to search the usual places, or set ConnectionStrings:Liaison.");
        }

        foreach (var candidate in search.Candidates())
        {
            if (HasServerPrograms(candidate))
            {
                return new PostgresBinaries(candidate);
            }
        }

        throw new PostgresNotFoundException(NotFoundMessage);
    }

    private static bool HasServerPrograms(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));
}

/// <summary>The places <see cref="PostgresBinaries.Locate"/> looks in; replaceable so tests can search an empty machine.</summary>
public sealed class PostgresSearch
{
    public static PostgresSearch Default { get; } = new(
        pgConfig: "pg_config",
        pathVariable: Environment.GetEnvironmentVariable("PATH"),
        versionedRoots: ["/usr/lib/postgresql", "/usr/local/opt", "/opt/homebrew/opt"]);

    private readonly string? _pgConfig;
    private readonly string? _pathVariable;
    private readonly IReadOnlyList<string> _versionedRoots;

    public PostgresSearch(string? pgConfig, string? pathVariable, IReadOnlyList<string> versionedRoots)
    {
        _pgConfig = pgConfig;
        _pathVariable = pathVariable;
        _versionedRoots = versionedRoots;
    }

    public IEnumerable<string> Candidates()
    {
        if (_pgConfig is not null && PgConfigBinDir(_pgConfig) is { } fromPgConfig)
        {
            yield return fromPgConfig;
        }

        foreach (var folder in (_pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return folder;
        }

        foreach (var root in _versionedRoots.Where(Directory.Exists))
        {
            // /usr/lib/postgresql/15/bin, /opt/homebrew/opt/postgresql@16/bin: newest version first.
            var versions = Directory.GetDirectories(root)
                .Where(d => Path.GetFileName(d) is var name && (name.StartsWith("postgresql", StringComparison.Ordinal) || char.IsDigit(name[0])))
                .OrderByDescending(d => VersionOf(Path.GetFileName(d)));
            foreach (var version in versions)
            {
                yield return Path.Combine(version, "bin");
            }
        }
    }

    private static double VersionOf(string name) =>
        double.TryParse(new string(name.SkipWhile(c => !char.IsDigit(c)).TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()),
            System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;

    private static string? PgConfigBinDir(string pgConfig)
    {
        var result = ExternalProcess.RunAsync(pgConfig, ["--bindir"], runAsUser: null, TimeSpan.FromSeconds(10), CancellationToken.None)
            .GetAwaiter().GetResult();
        return result.Succeeded ? result.Output.Trim() : null;
    }
}

public sealed class PostgresNotFoundException(string message) : Exception(message);

/// <summary>The embedded server could not be started; the message says why in one line.</summary>
public sealed class EmbeddedPostgresException(string message) : Exception(message);
