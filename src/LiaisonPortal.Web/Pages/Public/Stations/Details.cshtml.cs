using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LiaisonPortal.Web.Pages.Public.Stations;

[OutputCache(PolicyName = PublicOutputCache.Directory)]
[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class DetailsModel(PublicDirectory directory, PublicReception reception) : PageModel
{
    public StationDetail Detail { get; private set; } = null!;

    /// <summary>The station's rules and next reception days with who is on duty.</summary>
    public StationSchedule Schedule { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var detail = await directory.GetStationAsync(code, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        Detail = detail;
        Schedule = await reception.ScheduleAsync(code, cancellationToken: cancellationToken) ?? new StationSchedule([], []);
        return Page();
    }
}
