using LiaisonPortal.Core.Paging;

namespace LiaisonPortal.Core.Import;

public enum RowStatus
{
    Valid = 1,

    /// <summary>Breaks a rule; while any row is invalid the file cannot be imported.</summary>
    Invalid = 2,

    /// <summary>The code is already in the directory: the row is skipped, never changes the existing record.</summary>
    Duplicate = 3,
}

/// <summary>One data row as the preview shows it; <see cref="Row"/> is the spreadsheet's row number (the header is row 1).</summary>
public sealed record PreviewRow(int Row, string? Code, string? Name, RowStatus Status, IReadOnlyList<string> Reasons);

public sealed record ImportBatchInfo(
    Guid Id, ImportKind Kind, string FileName, ImportStatus Status, DateTimeOffset CreatedAt, int TotalRows, int ProcessedRows,
    int ImportedRows, string? Error, DateTimeOffset? CompletedAt)
{
    public int Percent => TotalRows == 0 ? 0 : Math.Clamp(ProcessedRows * 100 / TotalRows, 0, 100);

    /// <summary>Rows left out of a finished import because their code was already in the directory.</summary>
    public int SkippedRows => Status == ImportStatus.Completed ? TotalRows - ImportedRows : 0;
}

/// <summary>What an uploaded file would do: every row's status and reasons, or why the whole file is refused.</summary>
public sealed class ImportPreview
{
    public ImportPreview(ImportBatchInfo batch, string? encodingName, IReadOnlyList<PreviewRow> rows, IReadOnlyList<string> fileErrors)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Batch = batch;
        EncodingName = encodingName;
        Rows = rows;
        FileErrors = fileErrors;
        ValidRows = rows.Count(r => r.Status == RowStatus.Valid);
        InvalidRows = rows.Count(r => r.Status == RowStatus.Invalid);
        DuplicateRows = rows.Count(r => r.Status == RowStatus.Duplicate);
    }

    public ImportBatchInfo Batch { get; }

    /// <summary>UTF-8, GB18030 or UTF-16: how the file's bytes were read.</summary>
    public string? EncodingName { get; }

    /// <summary>In file order.</summary>
    public IReadOnlyList<PreviewRow> Rows { get; }

    public IReadOnlyList<string> FileErrors { get; }

    public int ValidRows { get; }

    public int InvalidRows { get; }

    public int DuplicateRows { get; }

    /// <summary>The rule: a file with any invalid row imports nothing; existing codes are skipped; something must be new.</summary>
    public bool CanConfirm => Batch.Status == ImportStatus.Previewed && FileErrors.Count == 0 && InvalidRows == 0 && ValidRows > 0;

    /// <summary>A page of rows, invalid first, then duplicates, then valid ones, each in file order.</summary>
    public Page<PreviewRow> Page(RowStatus? status, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var rows = Rows.Where(r => status is null || r.Status == status)
            .OrderBy(r => r.Status switch { RowStatus.Invalid => 0, RowStatus.Duplicate => 1, _ => 2 })
            .ThenBy(r => r.Row)
            .ToList();
        return new Page<PreviewRow>(rows.Skip((page.Number - 1) * page.Size).Take(page.Size).ToList(), page.Number, page.Size, rows.Count);
    }
}

/// <summary>The stored batch to preview, or why the upload was refused (nothing is stored then).</summary>
public sealed record UploadResult(Guid? BatchId, IReadOnlyList<string> Errors)
{
    public bool Succeeded => BatchId is not null;
}

public enum ConfirmOutcome
{
    Done = 0,

    /// <summary>No such batch, or another account's.</summary>
    NotFound = 1,

    Refused = 2,
}

public sealed record ConfirmResult(ConfirmOutcome Outcome, string? Message = null)
{
    public static ConfirmResult Done { get; } = new(ConfirmOutcome.Done);

    public static ConfirmResult NotFound { get; } = new(ConfirmOutcome.NotFound);

    public static ConfirmResult Refused(string message) => new(ConfirmOutcome.Refused, message);
}
