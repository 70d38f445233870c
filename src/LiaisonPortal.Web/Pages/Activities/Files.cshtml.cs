using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LiaisonPortal.Web.Pages.Activities;

/// <summary>
/// An activity's evidence file (佐证材料) for staff whose scope covers the activity and for the deputies who took part
/// (their performance file links here); anyone else gets 404. Always a download, with the safe file name, no content
/// sniffing and no caching.
/// </summary>
[Authorize(Roles = AllStaff)]
public class FilesModel(ActivityRecords records) : PageModel
{
    private const string AllStaff = Roles.Admin + "," + Roles.CongressStaff + "," + Roles.StationStaff + "," + Roles.Deputy;

    public async Task<IActionResult> OnGetAsync(int activityId, int fileId, CancellationToken cancellationToken)
    {
        var file = await records.EvidenceFileAsync(User.Scope(), activityId, fileId, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        return await PrivateDownload.OfAsync(this, file.Content, file.ContentType, file.FileName, cancellationToken);
    }
}
