using LiaisonPortal.Core.Organisation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LiaisonPortal.Web.Hosting;

/// <summary>What the public station and deputy lists share: the region and text filters, the page number, the region choices.</summary>
[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public abstract class DirectoryListModel(PublicDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    protected PublicDirectory Directory => directory;

    protected async Task LoadRegionsAsync(CancellationToken cancellationToken) =>
        Regions = await directory.RegionOptionsAsync(cancellationToken);
}
