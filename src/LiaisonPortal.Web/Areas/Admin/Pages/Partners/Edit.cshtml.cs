using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Partners;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Partners;

/// <summary>
/// 修改对接平台: name, contact, operations, allow-list, rate limit and webhook, saved against the version the form was read
/// at. Someone else's save in between answers 409 with everything typed kept. The key and the revocation are not here.
/// </summary>
public class EditModel(PartnerSystems partners, PartnerDirectory directory, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [FromRoute]
    public int Id { get; set; }

    [BindProperty]
    public PartnerForm Input { get; set; } = new();

    [BindProperty]
    public uint Version { get; set; }

    public PartnerDetail? Existing { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Existing = await directory.GetAsync(Id, cancellationToken);
        if (Existing is null)
        {
            return NotFound();
        }

        Input = PartnerForm.From(Existing);
        Version = Existing.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await partners.UpdateAsync(Id, Input.ToInput(), Version, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["已保存对接平台“{0}”的设置。", Input.Name?.Trim() ?? string.Empty]);
            return RedirectToPage("Details", new { id = Id });
        }

        Existing = await directory.GetAsync(Id, cancellationToken);
        if (Existing is null)
        {
            return NotFound();
        }

        if (result.Outcome == EditOutcome.Conflict)
        {
            // Someone saved first: what was typed stays; the form now carries the fresh version, so saving again overwrites.
            ModelState.AddModelError(string.Empty, localizer["这个对接平台刚被其他人修改过。下面保留了您填写的内容；请先到详情页核对最新设置，确认后再次保存将以您填写的内容为准。"]);
            ModelState.Remove(nameof(Version));
            Version = Existing.Version;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return Failure(result) ?? Page();
    }
}
