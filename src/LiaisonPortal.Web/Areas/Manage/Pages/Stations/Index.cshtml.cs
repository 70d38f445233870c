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

    /// <summary>The filtered list, every row, as a ledger in the import's columns: CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format) =>
        TableExport.Result(editor.StationsTable(Scope, new StaffStationFilter(Text, Region, Kind, Status)), format, $"stations-{Core.Calendar.ChinaTime.Of(DateTimeOffset.UtcNow):yyyyMMdd}");
}
