using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Opinions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Pages.Public.Opinions;

/// <summary>The tracking code, once, right after submitting (and the secret when no phone was left).</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class SubmittedModel : PageModel
{
    public string Code { get; private set; } = string.Empty;

    public string? Secret { get; private set; }

    public int AnswerWorkingDays => OpinionIntake.UsualAnswerWorkingDays;

    public string DisplayCode => TrackingCodes.Display(Code);

    public IActionResult OnGet()
    {
        if (TempData[WriteModel.SubmittedKey] is not string value)
        {
            return RedirectToPage("Track");
        }

        var parts = value.Split('|');
        Code = parts[0];
        Secret = parts.Length > 1 ? parts[1] : null;
        return Page();
    }
}
