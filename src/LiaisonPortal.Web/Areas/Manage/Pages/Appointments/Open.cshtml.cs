using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Appointments;

/// <summary>Opens a reception slot citizens can book.</summary>
public class OpenModel(AppointmentBook book, Core.Reception.PublicReception reception, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty]
    public SlotInput Input { get; set; } = new() { StartTime = "09:00", EndTime = "11:00", Capacity = "5" };

    public IReadOnlyList<StationChoice> Stations { get; private set; } = [];

    public IReadOnlyList<DeputyChoice> Deputies { get; private set; } = [];

    /// <summary>The station's coming reception days (from its rules): a slot is usually opened on one of them.</summary>
    public IReadOnlyList<Core.Reception.PublicReceptionDay> ReceptionDays { get; private set; } = [];

    /// <summary>A reception day picked from the list fills the date, times, place and topic.</summary>
    public async Task OnGetAsync([FromQuery] string? station, [FromQuery] string? day, [FromQuery] string? start, [FromQuery] string? end,
        [FromQuery] string? place, [FromQuery] string? topic, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.StationCode = station ?? (Stations.Count == 1 ? Stations[0].Code : null);
        Input.Date = day ?? Input.Date;
        Input.StartTime = start ?? Input.StartTime;
        Input.EndTime = end ?? Input.EndTime;
        Input.Place = place ?? Input.Place;
        Input.Topic = topic ?? Input.Topic;
        if (Input.StationCode is { } code && Stations.Any(s => s.Code == code))
        {
            ReceptionDays = (await reception.ScheduleAsync(code, 8, cancellationToken))?.Next ?? [];
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await book.OpenSlotAsync(Scope, Input, cancellationToken);
        if (Failure(result) is { } failure)
        {
            await LoadAsync(cancellationToken);
            return failure;
        }

        Done(localizer["已开放接待时段，群众现在可以预约。"]);
        return RedirectToPage("Slot", new { id = result.Code });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Stations = await book.StationChoicesAsync(Scope, cancellationToken);
        Deputies = await book.DeputyChoicesAsync(Scope, cancellationToken);
    }
}
