using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Import;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Reception;

/// <summary>A ledger's period: one month, or a whole year when <see cref="Month"/> is null.</summary>
public sealed record LedgerPeriod(int Year, int? Month)
{
    public DateOnly From => new(Year, Month ?? 1, 1);

    /// <summary>The first day after the period.</summary>
    public DateOnly Until => Month is null ? From.AddYears(1) : From.AddMonths(1);

    /// <summary>"2026-05" or "2026", as in the page's address and the file's name.</summary>
    public string Key => Month is { } month
        ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{month:D2}")
        : Year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>"2026年5月" or "2026年".</summary>
    public string Title => Month is { } month
        ? string.Create(CultureInfo.InvariantCulture, $"{Year}年{month}月")
        : string.Create(CultureInfo.InvariantCulture, $"{Year}年");

    public static LedgerPeriod? Parse(string? text)
    {
        var value = text?.Trim();
        if (DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && value!.Length == 7)
        {
            return new LedgerPeriod(day.Year, day.Month);
        }

        return value is { Length: 4 } && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2999
            ? new LedgerPeriod(year, null)
            : null;
    }
}

/// <summary>One reception in a ledger (台账): the fields of the 履职登记表.</summary>
public sealed record LedgerRow(
    DateOnly Date, string StationCode, string StationName, ReceptionMode Mode, string? Place, IReadOnlyList<string> Deputies, int PeopleReceived,
    IReadOnlyList<string> TrackingCodes, int SolvedOnSpot, string? Summary, bool IsClosed);

/// <summary>A station's (or the scope's) receptions in a period.</summary>
public sealed record Ledger(LedgerPeriod Period, string? StationCode, string? StationName, IReadOnlyList<LedgerRow> Rows)
{
    public int PeopleReceived => Rows.Sum(r => r.PeopleReceived);

    public int Opinions => Rows.Sum(r => r.TrackingCodes.Count);

    public int SolvedOnSpot => Rows.Sum(r => r.SolvedOnSpot);

    /// <summary>reception-ledger-990102001-01-2026-05</summary>
    public string FileName(string extension) => $"reception-ledger-{StationCode ?? "all"}-{Period.Key}.{extension}";
}

public sealed partial class ReceptionLogs
{
    public const int MaxLedgerRows = 20_000;

    /// <summary>The ledger columns, in the order of the CSV, the .xlsx and the printed page.</summary>
    public static IReadOnlyList<string> LedgerHeaders { get; } =
        ["日期", "家站点编号", "家站点", "接待方式", "地点", "到场代表", "接待人数", "登记意见数", "意见查询码", "现场解决问题数", "小结", "状态"];

    /// <summary>The receptions of a period, for one station in the scope (null = every station in it); null when the station is not in the scope.</summary>
    public async Task<Ledger?> LedgerAsync(StaffScope scope, string? stationCode, LedgerPeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        var code = string.IsNullOrWhiteSpace(stationCode) ? null : stationCode.Trim();
        string? stationName = null;
        if (code is not null)
        {
            stationName = await scopes.Stations(scope).Where(s => s.Code == code).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
            if (stationName is null)
            {
                return null;
            }
        }

        var (from, until) = (period.From, period.Until);
        var logs = scopes.ReceptionLogs(scope).AsNoTracking().Where(l => l.Date >= from && l.Date < until);
        if (code is not null)
        {
            logs = logs.Where(l => l.Station.Code == code);
        }

        var rows = await logs.OrderBy(l => l.Date).ThenBy(l => l.Station.Code).ThenBy(l => l.OpenedAt).Take(MaxLedgerRows)
            .Select(l => new
            {
                l.Date, StationCode = l.Station.Code, StationName = l.Station.Name, l.Mode, l.Place, l.PeopleReceived, l.SolvedOnSpot, l.Summary, l.ClosedAt,
                Deputies = db.ReceptionLogDeputies.Where(d => d.LogId == l.Id).OrderBy(d => d.CheckedInAt).Select(d => d.Deputy.Name).ToList(),
                Codes = db.Opinions.Where(o => o.ReceptionLogId == l.Id).OrderBy(o => o.ReceivedAt).Select(o => o.TrackingCode).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new Ledger(period, code, stationName, rows.Select(r => new LedgerRow(
            r.Date, r.StationCode, r.StationName, r.Mode, r.Place, r.Deputies, r.PeopleReceived,
            r.Codes.Select(TrackingCodes.Display).ToList(), r.SolvedOnSpot, r.Summary, r.ClosedAt is not null)).ToList());
    }

    /// <summary>The ledger as CSV: UTF-8 with a BOM, formula text defused (the exports' one CSV writer).</summary>
    public static byte[] LedgerCsv(Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ImportLayout.Csv(LedgerHeaders, ledger.Rows.Select(Cells).Select(cells => (IReadOnlyList<string?>)cells.Select(c => c.Text ?? Number(c.Number)).ToList()));
    }

    /// <summary>The ledger as an .xlsx workbook: one sheet, a bold frozen header row, numbers as numbers, text as text (never a formula).</summary>
    public static byte[] LedgerXlsx(Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(
                    new CellFormat(),
                    new CellFormat { FontId = 1, ApplyFont = true },
                    new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true }) { Count = 3 });
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(new Row(LedgerHeaders.Select(h => TextCell(h, 1))) { RowIndex = 1 });
            uint index = 2;
            foreach (var row in ledger.Rows)
            {
                data.Append(new Row(Cells(row).Select(c => c.Text is null ? NumberCell(c.Number) : TextCell(c.Text, 2))) { RowIndex = index++ });
            }

            double[] widths = [12, 15, 26, 10, 20, 24, 10, 11, 30, 14, 48, 8];
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                {
                    WorkbookViewId = 0,
                }),
                new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })),
                data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "接待台账" }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A row's cells: text, or a number when <c>Text</c> is null.</summary>
    private static IEnumerable<(string? Text, int Number)> Cells(LedgerRow row) =>
    [
        (row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 0),
        (row.StationCode, 0),
        (row.StationName, 0),
        (ReceptionNames.Of(row.Mode), 0),
        (row.Place ?? string.Empty, 0),
        (string.Join("、", row.Deputies), 0),
        (null, row.PeopleReceived),
        (null, row.TrackingCodes.Count),
        (string.Join("；", row.TrackingCodes), 0),
        (null, row.SolvedOnSpot),
        (row.Summary ?? string.Empty, 0),
        (row.IsClosed ? "已关闭" : "进行中", 0),
    ];

    private static Cell TextCell(string text, uint style) => new()
    {
        DataType = CellValues.InlineString,
        StyleIndex = style,
        InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static Cell NumberCell(int value) => new() { DataType = CellValues.Number, CellValue = new CellValue(Number(value)) };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Control characters other than tab and line breaks cannot be written into the sheet's XML.</summary>
    private static string XmlSafe(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r'))
        {
            clean.Append(c);
        }

        return clean.ToString();
    }
}
