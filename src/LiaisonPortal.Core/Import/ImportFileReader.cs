using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace LiaisonPortal.Core.Import;

/// <summary>One data row: its number as a spreadsheet shows it (the header is row 1) and its cells by the template's headers.</summary>
public sealed record ImportRecord(int Row, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string header] => Cells.GetValueOrDefault(header);
}

public sealed record ImportTable(string EncodingName, IReadOnlyList<ImportRecord> Records);

/// <summary>The file's rows, or why the whole file is refused (then <see cref="Table"/> is null).</summary>
public sealed record ImportFileContent(ImportTable? Table, IReadOnlyList<string> Errors)
{
    public static ImportFileContent Refused(params string[] errors) => new(null, errors);
}

/// <summary>
/// Reads an uploaded CSV file: UTF-8 with or without a BOM when the bytes are valid UTF-8, otherwise GB18030 (what
/// Excel writes as "CSV" on a Chinese Windows); a header row, then data rows; quoted fields may hold commas and line breaks.
/// </summary>
public static class ImportFileReader
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 20_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Encoding Gb18030 = LoadGb18030();

    public static ImportFileContent Read(byte[] content, ImportLayout layout)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(layout);
        if (content.Length > MaxBytes)
        {
            return ImportFileContent.Refused($"文件超过 {MaxBytes / 1024 / 1024} MB，请分成几个文件导入。");
        }

        var (text, encodingName) = Decode(content);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ImportFileContent.Refused("文件是空的。请使用导入模板：第一行是表头，从第二行起每行一条记录。");
        }

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            Delimiter = DelimiterOf(text),
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            MissingFieldFound = null,
        };
        try
        {
            using var parser = new CsvParser(new StringReader(text), configuration);
            if (!parser.Read() || parser.Record is not { } headers || headers.All(string.IsNullOrWhiteSpace))
            {
                return ImportFileContent.Refused("文件是空的。请使用导入模板：第一行是表头，从第二行起每行一条记录。");
            }

            var (columns, headerErrors) = MapHeaders(headers, layout);
            if (headerErrors.Count > 0)
            {
                return new ImportFileContent(null, headerErrors);
            }

            var records = new List<ImportRecord>();
            while (parser.Read())
            {
                var fields = parser.Record ?? [];
                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (records.Count == MaxRows)
                {
                    return ImportFileContent.Refused($"文件超过 {MaxRows} 行数据，请分成几个文件导入。");
                }

                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < fields.Length && i < columns.Length; i++)
                {
                    if (columns[i] is { } column)
                    {
                        cells[column.Header] = fields[i];
                    }
                }

                records.Add(new ImportRecord(parser.Row, cells));
            }

            return records.Count == 0
                ? ImportFileContent.Refused("文件只有表头，没有数据行。")
                : new ImportFileContent(new ImportTable(encodingName, records), []);
        }
        catch (BadDataException e)
        {
            return ImportFileContent.Refused($"第 {e.Context?.Parser?.Row ?? 0} 行格式有误：双引号不成对。含逗号或换行的内容要用一对英文双引号括起来。");
        }
    }

    /// <summary>UTF-8 (BOM or not) when the bytes are valid UTF-8; UTF-16 when its BOM says so; otherwise GB18030.</summary>
    public static (string Text, string EncodingName) Decode(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "UTF-16");
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16");
        }

        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Gb18030.GetString(bytes), "GB18030");
        }
    }

    private static Encoding LoadGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    /// <summary>Commas, unless the header line is tab-separated (text copied out of a spreadsheet).</summary>
    private static string DelimiterOf(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return header.Contains('\t', StringComparison.Ordinal) && !header.Contains(',', StringComparison.Ordinal) ? "\t" : ",";
    }

    private static (ImportColumn?[] Columns, List<string> Errors) MapHeaders(string[] headers, ImportLayout layout)
    {
        var columns = headers.Select(layout.Find).ToArray();
        var errors = new List<string>();
        foreach (var twice in columns.OfType<ImportColumn>().GroupBy(c => c).Where(g => g.Count() > 1))
        {
            errors.Add($"“{twice.Key.Header}”列出现了不止一次，请只保留一列。");
        }

        var missing = layout.Columns.Where(c => c.Required && !columns.Contains(c)).Select(c => c.Header).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"缺少必填列：{string.Join("、", missing)}。请检查第一行的表头，或下载导入模板对照。");
        }

        return (columns, errors);
    }
}
