using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LiaisonPortal.Web.Pages.Public.Deputies;

[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class DetailsModel(PublicDirectory directory) : PageModel
{
    public DeputyProfile Profile { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var profile = await directory.GetDeputyAsync(code, cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }

        Profile = profile;
        return Page();
    }
}
