using LiaisonPortal.Core.Partners;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Partners;

/// <summary>
/// 新建对接平台: the form; on success the page shows the new API key and webhook signing secret once, straight from the
/// POST (no redirect, nothing kept to show them again) and marked not to be cached.
/// </summary>
public class CreateModel(PartnerSystems partners) : ManagePageModel
{
    [BindProperty]
    public PartnerForm Input { get; set; } = PartnerForm.New();

    /// <summary>Set only in the answer to the POST that created the partner.</summary>
    public PartnerCredentials? Credentials { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (result, credentials) = await partners.CreateAsync(Input.ToInput(), cancellationToken);
        if (Failure(result) is { } failure)
        {
            return failure;
        }

        Credentials = credentials;
        NoStore(Response);
        return Page();
    }

    /// <summary>A page that shows a key: neither the browser nor a proxy may keep it.</summary>
    public static void NoStore(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store, no-cache, max-age=0";
        response.Headers.Pragma = "no-cache";
    }
}
