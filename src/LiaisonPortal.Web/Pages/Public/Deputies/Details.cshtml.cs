using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LiaisonPortal.Web.Pages.Public.Deputies;

[OutputCache(PolicyName = PublicOutputCache.Directory)]
[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class DetailsModel(PublicDirectory directory, PublicReception reception) : PageModel
{
    public DeputyProfile Profile { get; private set; } = null!;

    public DeputyDuty? NextDuty { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var profile = await directory.GetDeputyAsync(code, cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }

        Profile = profile;
        NextDuty = await reception.NextDutyAsync(code, cancellationToken);
        return Page();
    }
}
