using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Pages.Public.Appointments;

/// <summary>A citizen withdraws a booking from the tracking page; the code and the last four digits are checked again.</summary>
[EnableRateLimiting(PortalWeb.PublicRateLimit)]
public class WithdrawModel(AppointmentBook book, CitizenLimits limits, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Last4 { get; set; }

    public bool Withdrawn { get; private set; }

    public string? Alert { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var address = CitizenLimits.AddressOf(HttpContext);
        var code = TrackingCodes.Normalize(Code);
        if (!limits.MayLookUp(address, code))
        {
            Alert = localizer["提交太频繁了，请过一会儿再试。"];
            return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
        }

        var result = await book.CancelByCitizenAsync(Code ?? string.Empty, Last4 ?? string.Empty, cancellationToken);
        Withdrawn = result.Succeeded;
        if (result.Outcome == EditOutcome.NotFound)
        {
            limits.LookupFailed(address, code);
        }

        Alert = result.Outcome switch
        {
            EditOutcome.Done => null,
            EditOutcome.NotFound => localizer["查询码或手机号后4位不对，请核对后再试。"],
            _ => result.Errors[0].Message,
        };
        return Page();
    }
}
