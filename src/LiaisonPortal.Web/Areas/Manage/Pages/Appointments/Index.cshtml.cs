using System.Globalization;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Appointments;

/// <summary>预约接待: the scope's reception slots, upcoming or past, with their seats and waiting bookings; the same list as CSV or Excel.</summary>
public class IndexModel(AppointmentBook book, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
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

    /// <summary>The filtered list, every slot (not one page), as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        string[] headers =
        [
            localizer["开始时间"], localizer["结束时间"], localizer["家站点编号"], localizer["家站点"], localizer["接待代表"], localizer["名额"],
            localizer["已约"], localizer["待确认"], localizer["地点"], localizer["主题"], localizer["状态"],
        ];
        return TableExport.Result(new ExportTable(localizer["预约接待"], headers, RowsAsync(book.AllSlotsAsync(Scope, new SlotFilter(Station, Past)))), format,
            $"appointments-{ChinaTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<SlotRow> rows)
    {
        await foreach (var s in rows)
        {
            yield return
            [
                ChinaTime.Minutes(s.StartsAt), ChinaTime.Minutes(s.EndsAt), s.StationCode, s.StationName, s.DeputyName ?? localizer["值班代表"].Value,
                s.Capacity.ToString(CultureInfo.InvariantCulture), s.Booked.ToString(CultureInfo.InvariantCulture), s.Waiting.ToString(CultureInfo.InvariantCulture),
                s.Place, s.Topic, s.IsCancelled ? localizer["已取消"].Value : null,
            ];
        }
    }
}
