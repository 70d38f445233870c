using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Opinions;

/// <summary>One opinion with its photos and history; the phone stays masked until a member of staff asks to call back.</summary>
public class DetailsModel(OpinionDesk desk) : ManagePageModel
{
    public OpinionCase Case { get; private set; } = null!;

    /// <summary>The full number, only right after "显示完整号码".</summary>
    public string? RevealedPhone { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var found = await desk.GetAsync(Scope, code, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        Case = found;
        return Page();
    }

    public async Task<IActionResult> OnPostRevealAsync(string code, CancellationToken cancellationToken)
    {
        var found = await desk.GetAsync(Scope, code, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        Case = found;
        RevealedPhone = await desk.RevealPhoneAsync(Scope, code, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>A photo, for staff in scope only; never cached by shared caches.</summary>
    public async Task<IActionResult> OnGetPhotoAsync(string code, int id, CancellationToken cancellationToken)
    {
        var photo = await desk.PhotoAsync(Scope, code, id, cancellationToken);
        if (photo is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=3600";
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(photo.Content, photo.ContentType);
    }
}
