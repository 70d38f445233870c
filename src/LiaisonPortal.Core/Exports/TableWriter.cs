using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LiaisonPortal.Core.Exports;

/// <summary>
/// Writes an <see cref="ExportTable"/> to a stream one row at a time: CSV (UTF-8 with a BOM so Excel shows the Chinese,
/// CRLF lines, RFC 4180 quoting, formulas defused) or a workbook (OpenXmlWriter, inline strings, a write-only package),
/// so memory stays flat however many rows there are. The one writer of the exports.
/// </summary>
public static class TableWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly Row RowStart = new();
    private static readonly Cell EmptyCell = new();
    private static readonly Cell TextCell = new() { DataType = CellValues.InlineString };
    private static readonly InlineString InlineStart = new();
    private static readonly Text TextStart = new();

    public static Task WriteAsync(ExportTable table, ExportFormat format, Stream output, CancellationToken cancellationToken = default) =>
        format == ExportFormat.Xlsx ? WriteXlsxAsync(table, output, cancellationToken) : WriteCsvAsync(table, output, cancellationToken);

    public static async Task WriteCsvAsync(ExportTable table, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteAsync(Encoding.UTF8.GetPreamble(), cancellationToken);
        await using var writer = new StreamWriter(output, Utf8, bufferSize: 32 * 1024, leaveOpen: true);
        var line = new StringBuilder(256);
        line.AppendJoin(',', table.Headers.Select(CsvCells.Quote)).Append("\r\n");
        await writer.WriteAsync(line, cancellationToken);
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            for (var i = 0; i < row.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(CsvCells.Cell(row[i]));
            }

            line.Append("\r\n");
            await writer.WriteAsync(line, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The table as a workbook of one sheet, header row first. The zip is written in create mode (each part deflated
    /// straight into <paramref name="output"/>; the SDK's own package opens read-write, which holds every part in memory
    /// until it is saved), the sheet with OpenXmlWriter. <paramref name="output"/> should be seekable (a file: the HTTP
    /// result buffers through a temporary file), as the zip writes synchronously.
    /// </summary>
    public static async Task WriteXlsxAsync(ExportTable table, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Utf8);
        Part(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        Part(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);
        var workbook = new Workbook(new Sheets(new Sheet { Name = SheetName(table.SheetName), SheetId = 1, Id = "rId1" }));
        workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        Part(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + workbook.OuterXml);

        await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        using var writer = OpenXmlWriter.Create(sheet, Utf8);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        uint number = 1;
        WriteRow(writer, number, table.Headers);
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            WriteRow(writer, ++number, row);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var bytes = Utf8.GetBytes(xml);
        stream.Write(bytes);
    }

    private static void WriteRow(OpenXmlWriter writer, uint number, IReadOnlyList<string?> cells)
    {
        // Start tags from shared elements and the text written as a string: no element objects per cell, so a long
        // sheet allocates little. An inline string is text, never a formula, so nothing needs defusing here.
        writer.WriteStartElement(RowStart, [new OpenXmlAttribute("r", string.Empty, number.ToString(CultureInfo.InvariantCulture))]);
        foreach (var value in cells)
        {
            if (string.IsNullOrEmpty(value))
            {
                writer.WriteElement(EmptyCell);
                continue;
            }

            writer.WriteStartElement(TextCell);
            writer.WriteStartElement(InlineStart);
            writer.WriteStartElement(TextStart, [new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")]);
            writer.WriteString(XmlText(value));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static string XmlText(string value)
    {
        foreach (var c in value)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return new string(value.Where(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch)).ToArray());
            }
        }

        return value;
    }

    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim();
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(clean.Length, 31)];
    }

    /// <summary>A small table as CSV bytes (the import's round trip and the ledgers built in memory).</summary>
    public static async Task<byte[]> CsvBytesAsync(ExportTable table, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        await WriteCsvAsync(table, memory, cancellationToken);
        return memory.ToArray();
    }
}
