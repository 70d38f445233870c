namespace LiaisonPortal.Core.Exports;

/// <summary>The two file kinds every staff list exports to.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// A list as an export: its column headers and its rows, read one at a time (from an EF query with
/// <c>AsAsyncEnumerable()</c>), so that a file of any length is written without holding the rows in memory.
/// </summary>
/// <param name="SheetName">The worksheet's name in a workbook (at most 31 characters, no []:*?/\).</param>
public sealed record ExportTable(string SheetName, IReadOnlyList<string> Headers, IAsyncEnumerable<IReadOnlyList<string?>> Rows)
{
    public static ExportFormat? ParseFormat(string? format) => format?.Trim().ToUpperInvariant() switch
    {
        null or "" or "CSV" => ExportFormat.Csv,
        "XLSX" or "EXCEL" => ExportFormat.Xlsx,
        _ => null,
    };

    public static string Extension(ExportFormat format) => format == ExportFormat.Xlsx ? "xlsx" : "csv";

    public static string ContentType(ExportFormat format) => format == ExportFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";

    /// <summary>Rows already in memory (small ledgers, tests) as an export.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<string?>> From(IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
