using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Stations;

public class IndexModel(DirectoryEditor editor) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    public StationKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public ActiveFilter Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public StationSort Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "desc")]
    public bool Descending { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<StationRow> Stations { get; private set; } = null!;

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public PagerModel Pager => new(Stations.Number, Stations.TotalPages, "/Manage/Stations", SortLink.Filters(Request));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stations = await editor.ListStationsAsync(Scope, new StaffStationFilter(Text, Region, Kind, Status, Sort, Descending), new PageRequest(PageNumber), cancellationToken);
        Regions = await editor.RegionChoicesAsync(Scope, cancellationToken);
    }

    /// <summary>The filtered list as a CSV ledger in the import's columns (UTF-8 with BOM, opens in Excel).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var file = await editor.ExportStationsAsync(Scope, new StaffStationFilter(Text, Region, Kind, Status), cancellationToken);
        return File(file, "text/csv; charset=utf-8", $"stations-{Core.Calendar.ChinaTime.Of(DateTimeOffset.UtcNow):yyyyMMdd}.csv");
    }
}
