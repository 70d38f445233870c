namespace LiaisonPortal.Benchmarks;

/// <summary>A staff account the scenarios sign in with.</summary>
public sealed record StaffAccount(string Email, string Password);

/// <summary>A tracking code with a proof (the phone's last four digits or the query secret) that finds it on /track.</summary>
public sealed record TrackSample(string Code, string Proof);

/// <summary>What the data generator leaves behind for the scenarios to pick from.</summary>
public sealed record BenchmarkDataset
{
    /// <summary>How many opinions the database holds after loading.</summary>
    public required int Opinions { get; init; }

    public required int Stations { get; init; }

    public required int Deputies { get; init; }

    /// <summary>Active deputies whose QR landing page (/d/{code}) shows the opinion form.</summary>
    public required IReadOnlyList<string> DeputyCodes { get; init; }

    /// <summary>Opinions in every state with a proof that finds them on /track.</summary>
    public required IReadOnlyList<TrackSample> TrackSamples { get; init; }

    /// <summary>Classified, never-assigned opinions inside <see cref="Office"/>'s scope: each can be assigned once.</summary>
    public required IReadOnlyList<string> AssignableCodes { get; init; }

    /// <summary>A handling unit <see cref="Office"/> may assign to.</summary>
    public required string AssignUnitCode { get; init; }

    /// <summary>A congress-office account (城市级 or district) whose scope holds most of the opinions: office queue, dashboard, assign.</summary>
    public required StaffAccount Office { get; init; }

    /// <summary>How long loading took (COPY, indexes, ANALYZE, dashboard rollups).</summary>
    public required TimeSpan LoadTime { get; init; }

    /// <summary>What each step of the load took, in order (added by the data generator for the report).</summary>
    public IReadOnlyList<LoadStep> LoadSteps { get; init; } = [];
}

/// <summary>One step of the data generator: what it did, how many rows, how long it took.</summary>
public sealed record LoadStep(string Name, long Rows, TimeSpan Time);
