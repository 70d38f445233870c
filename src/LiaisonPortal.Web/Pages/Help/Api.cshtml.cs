using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Pages.Help;

/// <summary>
/// The JSON API's reference for every signed-in account, drawn on the server from the same generated document that
/// /openapi/v1.json serves (no script, no CDN), in the page's language; plus a note on the Open311 interface for partners.
/// </summary>
[Authorize]
public class ApiModel : PageModel
{
    public const string Open311Base = "/open311/v2/";
    public const string Open311Spec = "https://wiki.open311.org/GeoReport_v2";

    public ApiReference Reference { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Reference = ApiReference.Read(await PortalOpenApi.DocumentAsync(HttpContext.RequestServices, cancellationToken));
}
