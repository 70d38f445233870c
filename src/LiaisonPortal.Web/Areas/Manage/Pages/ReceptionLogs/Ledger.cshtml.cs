using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.ReceptionLogs;

/// <summary>A station's monthly or yearly ledger (台账) of receptions, on screen and as CSV or .xlsx (streamed through TableExport).</summary>
public class LedgerModel(Core.Reception.ReceptionLogs logs, TimeProvider time) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    /// <summary>yyyy-MM for a month, yyyy for a year; empty = this month.</summary>
    [BindProperty(SupportsGet = true, Name = "period")]
    public string? PeriodText { get; set; }

    public Ledger Ledger { get; private set; } = null!;

    public IReadOnlyList<LogStationChoice> Stations { get; private set; } = [];

    public DateOnly Today => ChinaTime.Today(time);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Stations = await logs.StationChoicesAsync(Scope, cancellationToken);
        Station ??= Stations.Count == 1 ? Stations[0].Code : null;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    /// <summary>
    /// The ledger of the station and period, every reception (not only the page's), as CSV (UTF-8 with BOM) or, with
    /// format=xlsx, a workbook; streamed from the database. Not found outside the scope.
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        var period = LedgerPeriod.Parse(PeriodText) ?? new LedgerPeriod(Today.Year, Today.Month);
        var table = await logs.LedgerExportAsync(Scope, Station, period, cancellationToken);
        return table is null ? NotFound() : TableExport.Result(table, format, Ledger.BaseName(Station, period));
    }

    /// <summary>The earlier download links (handler=Csv / handler=Xlsx): the same export.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) => OnGetExportAsync("csv", cancellationToken);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) => OnGetExportAsync("xlsx", cancellationToken);

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var period = LedgerPeriod.Parse(PeriodText) ?? new LedgerPeriod(Today.Year, Today.Month);
        PeriodText = period.Key;
        var ledger = await logs.LedgerAsync(Scope, Station, period, cancellationToken);
        if (ledger is null)
        {
            return false;
        }

        Ledger = ledger;
        return true;
    }
}
