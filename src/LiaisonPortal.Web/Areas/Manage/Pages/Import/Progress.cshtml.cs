using LiaisonPortal.Core.Import;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Import;

/// <summary>A confirmed import: refreshes itself every second while it runs, then shows what was imported or why nothing was.</summary>
public class ProgressModel(DirectoryImporter importer) : ImportPageModel
{
    public ImportBatchInfo Batch { get; private set; } = null!;

    public bool Running => Batch.Status == ImportStatus.Importing;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var batch = await importer.FindAsync(UserId, id, cancellationToken);
        if (batch is null)
        {
            return NotFound();
        }

        if (batch.Status == ImportStatus.Previewed)
        {
            return RedirectToPage("Preview", new { id });
        }

        Batch = batch;
        SetBreadcrumbs(("批量导入", "/Manage/Import"));
        return Page();
    }
}
