using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.ReceptionLogs;

/// <summary>履职登记表: the month's logs of the scope's stations, and "开始今天的接待".</summary>
public class IndexModel(Core.Reception.ReceptionLogs logs, TimeProvider time) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    /// <summary>yyyy-MM; empty = this month.</summary>
    [BindProperty(SupportsGet = true, Name = "month")]
    public string? Month { get; set; }

    [BindProperty]
    public OpenForm Input { get; set; } = new();

    public LedgerPeriod Period { get; private set; } = null!;

    public IReadOnlyList<LogRow> Logs { get; private set; } = [];

    public IReadOnlyList<LogStationChoice> Stations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.StationCode ??= Station ?? (Stations.Count == 1 ? Stations[0].Code : null);
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken cancellationToken)
    {
        var result = await logs.OpenAsync(User.CaseActor(), new LogOpenInput(Input.StationCode, Input.Date, Input.Mode, Input.Place), cancellationToken);
        if (Failure(result) is { } failure)
        {
            await LoadAsync(cancellationToken);
            return failure;
        }

        return Redirect($"/Manage/ReceptionLogs/{result.Code}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        Period = LedgerPeriod.Parse(Month) is { Month: not null } period ? period : new LedgerPeriod(today.Year, today.Month);
        Month = Period.Key;
        Stations = await logs.StationChoicesAsync(Scope, cancellationToken);
        Logs = await logs.ListAsync(Scope, Station, Period.Year, Period.Month!.Value, cancellationToken);
    }

    public string Today => ChinaTime.Today(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public sealed class OpenForm
    {
        public string? StationCode { get; set; }

        public string? Date { get; set; }

        public ReceptionMode? Mode { get; set; } = ReceptionMode.AtStation;

        public string? Place { get; set; }
    }
}
