using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Appointments;

/// <summary>预约接待: the scope's reception slots, upcoming or past, with their seats and waiting bookings.</summary>
public class IndexModel(AppointmentBook book) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    [BindProperty(SupportsGet = true, Name = "when")]
    public string? When { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public bool Past => When == "past";

    public Page<SlotRow> Slots { get; private set; } = null!;

    public IReadOnlyList<StationChoice> Stations { get; private set; } = [];

    public PagerModel Pager => new(Slots.Number, Slots.TotalPages, "/Manage/Appointments",
        new Dictionary<string, string?> { ["station"] = Station, ["when"] = When });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Slots = await book.ListSlotsAsync(Scope, new SlotFilter(Station, Past), new PageRequest(PageNumber), cancellationToken);
        Stations = await book.StationChoicesAsync(Scope, cancellationToken);
    }
}
