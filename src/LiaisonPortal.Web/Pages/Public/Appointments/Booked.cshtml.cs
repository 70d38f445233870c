using LiaisonPortal.Core.Citizens;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Pages.Public.Appointments;

/// <summary>After a booking: the tracking code, shown once (it comes from TempData, so a reload shows the expiry note).</summary>
public class BookedModel : PageModel
{
    public string? Code { get; private set; }

    public string? TargetName { get; private set; }

    public void OnGet()
    {
        Code = TempData[BookModel.CodeKey] is string code ? TrackingCodes.Display(code) : null;
        TargetName = TempData[BookModel.TargetKey] as string;
    }
}
