namespace LiaisonPortal.Core.Exports;

/// <summary>How one cell is written in a CSV file: RFC 4180 quoting, and text a spreadsheet would run as a formula defused.</summary>
public static class CsvCells
{
    /// <summary>The cell as it goes in the file: defused, then quoted when it holds a comma, a quote or a line break.</summary>
    public static string Cell(string? value) => Quote(Defused(value ?? string.Empty));

    /// <summary>Quotes a value holding a comma, a quote or a line break (quotes doubled).</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// Text a spreadsheet would run as a formula (=, @, tab, CR, or + and - not followed by a digit) gets a leading
    /// apostrophe; phone numbers such as +86… and negative numbers stay as they are.
    /// </summary>
    public static string Defused(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && (value[0] is '=' or '@' or '\t' or '\r'
            || (value[0] is '+' or '-' && (value.Length == 1 || !char.IsAsciiDigit(value[1]))))
            ? "'" + value
            : value;
    }
}
