using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LiaisonPortal.Web.Pages;

/// <summary>The language switch: remembers the choice in the culture cookie for a year and goes back.</summary>
public class CultureModel(IOptions<RequestLocalizationOptions> localization, TimeProvider time) : PageModel
{
    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        if (localization.Value.SupportedUICultures?.Any(c => c.Name == culture) != true)
        {
            return BadRequest();
        }

        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
            new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
