using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LiaisonPortal.Web.Pages.Public.Deputies;

[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class IndexModel(PublicDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "level")]
    public DeputyLevel? Level { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Page<DeputyCard> Deputies { get; private set; } = null!;

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public PagerModel Pager => new(Deputies.Number, Deputies.TotalPages, "/deputies",
        new Dictionary<string, string?> { ["region"] = Region, ["level"] = Level?.ToString(), ["q"] = Text });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Deputies = await directory.SearchDeputiesAsync(new DeputyFilter(Region, Level, Text), new PageRequest(PageNumber), cancellationToken);
        Regions = await directory.RegionOptionsAsync(cancellationToken);
    }
}
