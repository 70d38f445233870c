namespace LiaisonPortal.Core.Import;

public enum ImportKind
{
    Deputies = 1,
    Stations = 2,
    HandlingUnits = 3,
}

public enum ImportStatus
{
    /// <summary>Uploaded and checked; nothing written to the directory yet.</summary>
    Previewed = 1,
    Importing = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}

/// <summary>
/// An uploaded CSV file waiting for (or going through) import. The file itself is kept here between the preview and
/// the confirmation, so nothing reaches the directory until the user confirms.
/// </summary>
public class ImportBatch
{
    public const int FileNameMaxLength = 200;

    private ImportBatch()
    {
        FileName = string.Empty;
        Content = [];
        CreatedBy = string.Empty;
    }

    public ImportBatch(ImportKind kind, string fileName, byte[] content, string createdBy, DateTimeOffset createdAt, int totalRows)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        FileName = fileName.Length > FileNameMaxLength ? fileName[..FileNameMaxLength] : fileName;
        Content = content;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        TotalRows = totalRows;
        Status = ImportStatus.Previewed;
    }

    public Guid Id { get; private set; }

    public ImportKind Kind { get; private set; }

    public string FileName { get; private set; }

    public byte[] Content { get; private set; }

    /// <summary>The account that uploaded it; only that account may confirm it.</summary>
    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public ImportStatus Status { get; set; }

    public int TotalRows { get; set; }

    public int ProcessedRows { get; set; }

    public int ImportedRows { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin): two confirmations cannot both start the import.</summary>
    public uint Version { get; private set; }
}
