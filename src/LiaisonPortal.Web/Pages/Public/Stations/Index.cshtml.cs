using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LiaisonPortal.Web.Pages.Public.Stations;

[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class IndexModel(PublicDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    public StationKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Page<StationCard> Stations { get; private set; } = null!;

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public PagerModel Pager => new(Stations.Number, Stations.TotalPages, "/stations",
        new Dictionary<string, string?> { ["region"] = Region, ["kind"] = Kind?.ToString(), ["q"] = Text });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A kind that does not parse leaves a model error; the list then ignores it rather than failing.
        Stations = await directory.SearchStationsAsync(new StationFilter(Region, Kind, Text), new PageRequest(PageNumber), cancellationToken);
        Regions = await directory.RegionOptionsAsync(cancellationToken);
    }
}
