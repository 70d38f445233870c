using System.Globalization;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Appointments;

/// <summary>当日预约: a station's appointments on a day, check-in by the citizen's code, and no-shows.</summary>
public class TodayModel(AppointmentBook book, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    [BindProperty(SupportsGet = true, Name = "day")]
    public DateOnly? Day { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public DateOnly ShownDay => Day ?? ChinaTime.Today(time);

    public bool IsToday => ShownDay == ChinaTime.Today(time);

    /// <summary>Now, from the app's clock: a past appointment without a check-in may be marked as a no-show.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    public IReadOnlyList<DayListRow> Rows { get; private set; } = [];

    public IReadOnlyList<StationChoice> Stations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCheckInAsync(CancellationToken cancellationToken)
    {
        var result = await book.CheckInAsync(Scope, Station, Code, ShownDay, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["签到成功（查询码 {0}）。", Core.Citizens.TrackingCodes.Display(result.Code!)]);
            return RedirectToPage(new { station = Station, day = ShownDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        await LoadAsync(cancellationToken);
        return Failure(result, string.Empty) ?? Page();
    }

    public async Task<IActionResult> OnPostNoShowAsync(int id, uint version, CancellationToken cancellationToken)
    {
        var result = await book.MarkNoShowAsync(Scope, id, version, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["已记为未到。"]);
            return RedirectToPage(new { station = Station, day = ShownDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        await LoadAsync(cancellationToken);
        return Failure(result) ?? Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Stations = await book.StationChoicesAsync(Scope, cancellationToken);
        Station ??= Stations.Count == 1 ? Stations[0].Code : null;
        Rows = await book.DayListAsync(Scope, Station, ShownDay, cancellationToken);
    }
}
