namespace LiaisonPortal.Core.Performance;

/// <summary>
/// What staff type and pick when recording a deputies' activity (履职活动登记), kept as posted so nothing is lost when the
/// form comes back with a message. The region and station are read on a new record only (a recorded activity stays where
/// it was recorded).
/// </summary>
public sealed class ActivityInput
{
    public const int ParticipantTextMaxLength = 2000;

    public PerformanceFact? Kind { get; set; }

    /// <summary>yyyy-MM-dd, as a date input sends it.</summary>
    public string? Date { get; set; }

    public string? Title { get; set; }

    public string? Place { get; set; }

    public string? Summary { get; set; }

    /// <summary>The region (in the office's scope) the activity is recorded for; station staff record for their station's region.</summary>
    public string? RegionCode { get; set; }

    /// <summary>Optional for an office (a station in its scope); station staff always record for their own station.</summary>
    public string? StationCode { get; set; }

    /// <summary>Deputies ticked in the list.</summary>
    public List<string> ParticipantCodes { get; set; } = [];

    /// <summary>Other deputies' codes, typed (separated by spaces, commas or 、).</summary>
    public string? ParticipantText { get; set; }

    /// <summary>Evidence files of the record ticked for removal.</summary>
    public List<int> RemoveEvidence { get; set; } = [];

    /// <summary>The record's version the form was read at (edits only).</summary>
    public uint? Version { get; set; }

    /// <summary>The ticked and the typed codes together, each once, in the order given.</summary>
    public IReadOnlyList<string> AllParticipantCodes() =>
        [.. ParticipantCodes.Concat((ParticipantText ?? string.Empty).Split([',', '，', '、', ' ', '　', '\n', '\r', '\t', ';', '；'], StringSplitOptions.RemoveEmptyEntries))
            .Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)];
}

/// <summary>An evidence file as uploaded: <see cref="Content"/> is null when the file was too large to read.</summary>
public sealed record EvidenceUpload(string FileName, long Length, byte[]? Content);

/// <summary>The activity list's filters: kind, a date range, a station, and a deputy's name or code (or words of the title).</summary>
public sealed record ActivityQuery(PerformanceFact? Kind = null, DateOnly? From = null, DateOnly? To = null, string? StationCode = null, string? Text = null);
