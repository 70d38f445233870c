using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Deputies;

[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class IndexModel(DirectoryEditor editor) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "level")]
    public DeputyLevel? Level { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public ActiveFilter Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public DeputySort Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "desc")]
    public bool Descending { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<DeputyRow> Deputies { get; private set; } = null!;

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public PagerModel Pager => new(Deputies.Number, Deputies.TotalPages, "/Manage/Deputies", SortLink.Filters(Request));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Deputies = await editor.ListDeputiesAsync(Scope, new StaffDeputyFilter(Text, Region, Level, Status, Sort, Descending), new PageRequest(PageNumber), cancellationToken);
        Regions = await editor.RegionChoicesAsync(Scope, cancellationToken);
    }

    /// <summary>The filtered list, every row, as a ledger in the import's columns: CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format) =>
        TableExport.Result(editor.DeputiesTable(Scope, new StaffDeputyFilter(Text, Region, Level, Status)), format, $"deputies-{Core.Calendar.ChinaTime.Of(DateTimeOffset.UtcNow):yyyyMMdd}");
}
