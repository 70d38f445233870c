using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.ReceptionLogs;

/// <summary>A station's monthly or yearly ledger (台账) of receptions, on screen and as CSV or .xlsx.</summary>
public class LedgerModel(Core.Reception.ReceptionLogs logs, TimeProvider time) : ManagePageModel
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken)
            ? File(Core.Reception.ReceptionLogs.LedgerCsv(Ledger), "text/csv; charset=utf-8", Ledger.FileName("csv"))
            : NotFound();

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken)
            ? File(Core.Reception.ReceptionLogs.LedgerXlsx(Ledger), XlsxType, Ledger.FileName("xlsx"))
            : NotFound();

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
