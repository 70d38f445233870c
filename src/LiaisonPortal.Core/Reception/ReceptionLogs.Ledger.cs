using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Exports;
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

    /// <summary>reception-ledger-990102001-01-2026-05.csv</summary>
    public string FileName(string extension) => $"{BaseName(StationCode, Period)}.{extension}";

    /// <summary>reception-ledger-990102001-01-2026-05 (without the extension; "all" for every station of the scope).</summary>
    public static string BaseName(string? stationCode, LedgerPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return $"reception-ledger-{(string.IsNullOrWhiteSpace(stationCode) ? "all" : stationCode.Trim())}-{period.Key}";
    }
}

public sealed partial class ReceptionLogs
{
    /// <summary>The most receptions the ledger page shows; the export has every one.</summary>
    public const int MaxLedgerRows = 20_000;

    public const string LedgerSheetName = "接待台账";

    /// <summary>The ledger columns, in the order of the CSV, the .xlsx and the printed page.</summary>
    public static IReadOnlyList<string> LedgerHeaders { get; } =
        ["日期", "家站点编号", "家站点", "接待方式", "地点", "到场代表", "接待人数", "登记意见数", "意见查询码", "现场解决问题数", "小结", "状态"];

    /// <summary>The receptions of a period, for one station in the scope (null = every station in it); null when the station is not in the scope.</summary>
    public async Task<Ledger?> LedgerAsync(StaffScope scope, string? stationCode, LedgerPeriod period, CancellationToken cancellationToken = default)
    {
        if (await LedgerQueryAsync(scope, stationCode, period, cancellationToken) is not { } query)
        {
            return null;
        }

        var (code, stationName, rows) = query;
        var list = await rows.Take(MaxLedgerRows).ToListAsync(cancellationToken);
        return new Ledger(period, code, stationName, list.Select(Row).ToList());
    }

    /// <summary>
    /// The ledger as an export (<see cref="LedgerHeaders"/>, sheet 接待台账): every reception of the period (no limit), read
    /// one at a time, for one station in the scope (null = every station in it); null when the station is not in the scope.
    /// </summary>
    public async Task<ExportTable?> LedgerExportAsync(StaffScope scope, string? stationCode, LedgerPeriod period, CancellationToken cancellationToken = default)
    {
        return await LedgerQueryAsync(scope, stationCode, period, cancellationToken) is { } query
            ? new ExportTable(LedgerSheetName, LedgerHeaders, LedgerCells(query.Rows.AsAsyncEnumerable()))
            : null;
    }

    private async Task<(string? Code, string? StationName, IQueryable<LedgerSource> Rows)?> LedgerQueryAsync(
        StaffScope scope, string? stationCode, LedgerPeriod period, CancellationToken cancellationToken)
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

        var rows = logs.OrderBy(l => l.Date).ThenBy(l => l.Station.Code).ThenBy(l => l.OpenedAt).ThenBy(l => l.Id)
            .Select(l => new LedgerSource(
                l.Date, l.Station.Code, l.Station.Name, l.Mode, l.Place, l.PeopleReceived, l.SolvedOnSpot, l.Summary, l.ClosedAt,
                db.ReceptionLogDeputies.Where(d => d.LogId == l.Id).OrderBy(d => d.CheckedInAt).Select(d => d.Deputy.Name).ToList(),
                db.Opinions.Where(o => o.ReceptionLogId == l.Id).OrderBy(o => o.ReceivedAt).Select(o => o.TrackingCode).ToList()));
        return (code, stationName, rows);
    }

    private static LedgerRow Row(LedgerSource r) => new(
        r.Date, r.StationCode, r.StationName, r.Mode, r.Place, r.Deputies, r.PeopleReceived,
        r.Codes.Select(TrackingCodes.Display).ToList(), r.SolvedOnSpot, r.Summary, r.ClosedAt is not null);

    private static async IAsyncEnumerable<IReadOnlyList<string?>> LedgerCells(IAsyncEnumerable<LedgerSource> rows)
    {
        await foreach (var row in rows)
        {
            yield return Cells(Row(row));
        }
    }

    /// <summary>A row's cells in the order of <see cref="LedgerHeaders"/>.</summary>
    private static string?[] Cells(LedgerRow row) =>
    [
        row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        row.StationCode,
        row.StationName,
        ReceptionNames.Of(row.Mode),
        row.Place ?? string.Empty,
        string.Join("、", row.Deputies),
        Number(row.PeopleReceived),
        Number(row.TrackingCodes.Count),
        string.Join("；", row.TrackingCodes),
        Number(row.SolvedOnSpot),
        row.Summary ?? string.Empty,
        row.IsClosed ? "已关闭" : "进行中",
    ];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record LedgerSource(
        DateOnly Date, string StationCode, string StationName, ReceptionMode Mode, string? Place, int PeopleReceived, int SolvedOnSpot, string? Summary,
        DateTimeOffset? ClosedAt, List<string> Deputies, List<string> Codes);
}
