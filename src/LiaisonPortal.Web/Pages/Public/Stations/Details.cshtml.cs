using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LiaisonPortal.Web.Pages.Public.Stations;

[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class DetailsModel(PublicDirectory directory) : PageModel
{
    public StationDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var detail = await directory.GetStationAsync(code, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        Detail = detail;
        return Page();
    }
}
