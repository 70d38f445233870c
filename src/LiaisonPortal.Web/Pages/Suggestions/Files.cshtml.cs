using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Pages.Suggestions;

/// <summary>
/// A suggestion's attachment for every staff role (deputies, the office, units), through the scope filter: outside it,
/// 404. Always a download (never shown inline), with the safe file name and no content sniffing.
/// </summary>
[Authorize(Roles = AllStaff)]
public class FilesModel(SuggestionDesk desk) : PageModel
{
    private const string AllStaff = Roles.Admin + "," + Roles.CongressStaff + "," + Roles.StationStaff + "," + Roles.Deputy + "," + Roles.UnitStaff;

    public async Task<IActionResult> OnGetAsync(int id, int fileId, CancellationToken cancellationToken)
    {
        var file = await desk.AttachmentAsync(User.Scope(), id, fileId, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        return await PrivateDownload.OfAsync(this, file.Content, file.ContentType, file.FileName, cancellationToken);
    }
}
