using System.Globalization;

namespace LiaisonPortal.Benchmarks;

/// <summary>The command line of the benchmark runner; <see cref="Parse"/> never throws, it explains.</summary>
public sealed record RunnerOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project tests/LiaisonPortal.Benchmarks -- [options]

          --scenario all|NAME[,NAME...]  what to measure (default all): plaintext, qr-landing, submit, track, qr-png,
                                         office-queue (first and deep page), dashboard, assign
          --opinions N                   opinions to generate (default 1000000)
          --seconds S                    measured seconds per scenario (default 15), after a short warm-up
          --connections C                connections for every scenario (default: each scenario's own)
          --results DIR                  results folder (default benchmark-results/ at the repository root)
          --keep                         keep the database folder afterwards, for inspection
          --statements                   load pg_stat_statements and write each scenario's costliest SQL statements
                                         (<scenario>.statements.txt in the results folder; adds a little overhead)
          --enforce-targets              exit non-zero when a target is missed (default: report only)
          --help                         this text

        Exit code 0 when every scenario ran without an error response and every check held; 1 otherwise; 2 for bad arguments.
        """;

    public IReadOnlyList<string> Scenarios { get; init; } = ScenarioNames.All;

    public int Opinions { get; init; } = 1_000_000;

    public int Seconds { get; init; } = 15;

    public int? Connections { get; init; }

    public string? ResultsDirectory { get; init; }

    public bool Keep { get; init; }

    public bool Statements { get; init; }

    public bool EnforceTargets { get; init; }

    public bool Help { get; init; }

    /// <summary>Seconds of load before each measurement, not counted: a third of the measured time, 1 to 3 s.</summary>
    public int WarmUpSeconds => Math.Clamp(Seconds / 3, 1, 3);

    public static RunnerOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new RunnerOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                return null;
            }

            switch (arg)
            {
                case "--help" or "-h":
                    options = options with { Help = true };
                    break;
                case "--keep":
                    options = options with { Keep = true };
                    break;
                case "--statements":
                    options = options with { Statements = true };
                    break;
                case "--enforce-targets":
                    options = options with { EnforceTargets = true };
                    break;
                case "--scenario" or "--scenarios":
                    var names = Value();
                    if (names is null)
                    {
                        error = $"{arg} needs a value: all or a comma-separated list of {string.Join(", ", ScenarioNames.All)}";
                        return null;
                    }

                    var list = ScenarioNames.ParseList(names, out var unknown);
                    if (list is null)
                    {
                        error = $"unknown scenario '{unknown}'; known: all, {string.Join(", ", ScenarioNames.All)}";
                        return null;
                    }

                    options = options with { Scenarios = list };
                    break;
                case "--opinions":
                    if (PositiveInt(arg, Value(), out var opinions, ref error, minimum: 0))
                    {
                        options = options with { Opinions = opinions };
                        break;
                    }

                    return null;
                case "--seconds":
                    if (PositiveInt(arg, Value(), out var seconds, ref error, minimum: 1))
                    {
                        options = options with { Seconds = seconds };
                        break;
                    }

                    return null;
                case "--connections":
                    if (PositiveInt(arg, Value(), out var connections, ref error, minimum: 1))
                    {
                        options = options with { Connections = connections };
                        break;
                    }

                    return null;
                case "--results":
                    var folder = Value();
                    if (string.IsNullOrWhiteSpace(folder))
                    {
                        error = "--results needs a folder";
                        return null;
                    }

                    options = options with { ResultsDirectory = folder };
                    break;
                default:
                    error = $"unknown option '{arg}'";
                    return null;
            }
        }

        return options;
    }

    private static bool PositiveInt(string name, string? text, out int value, ref string? error, int minimum)
    {
        // 1,000,000 and 1_000_000 are accepted as well as 1000000.
        var digits = text?.Replace(",", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (digits is not null && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum)
        {
            return true;
        }

        value = 0;
        error = $"{name} needs a whole number of at least {minimum.ToString(CultureInfo.InvariantCulture)}, got '{text}'";
        return false;
    }
}

/// <summary>The scenarios in the order they run (the writing ones last, so that they do not change what the reading ones see).</summary>
public static class ScenarioNames
{
    public const string Plaintext = "plaintext";
    public const string QrLanding = "qr-landing";
    public const string QrPng = "qr-png";
    public const string Track = "track";
    public const string OfficeQueue = "office-queue";
    public const string OfficeQueueDeep = "office-queue-deep";
    public const string Dashboard = "dashboard";
    public const string Assign = "assign";
    public const string Submit = "submit";

    public static IReadOnlyList<string> All { get; } = [Plaintext, QrLanding, QrPng, Track, OfficeQueue, Dashboard, Assign, Submit];

    /// <summary>"all" or names separated by commas, in the canonical order, without repeats; null with the first unknown name.</summary>
    public static IReadOnlyList<string>? ParseList(string text, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(text);
        unknown = null;
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lower = name.ToLowerInvariant();
            if (lower == "all")
            {
                wanted.UnionWith(All);
            }
            else if (lower == OfficeQueueDeep)
            {
                wanted.Add(OfficeQueue);
            }
            else if (All.Contains(lower))
            {
                wanted.Add(lower);
            }
            else
            {
                unknown = name;
                return null;
            }
        }

        if (wanted.Count == 0)
        {
            unknown = text;
            return null;
        }

        // qr-landing is measured against plaintext: the ceiling runs whenever the landing page does.
        if (wanted.Contains(QrLanding))
        {
            wanted.Add(Plaintext);
        }

        return All.Where(wanted.Contains).ToList();
    }
}
