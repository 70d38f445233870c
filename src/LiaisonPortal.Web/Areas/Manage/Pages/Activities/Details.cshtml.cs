using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Activities;

/// <summary>One recorded activity: every field, the deputies present (to their performance files), the evidence to download, and deleting it after a confirmation.</summary>
public class DetailsModel(ActivityRecords records, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public ActivityDetail Activity { get; private set; } = null!;

    [BindProperty]
    public bool Confirm { get; set; }

    public bool MayRecord => ActivityRecords.MayRecord(User.CaseActor());

    /// <summary>Performance files are the congress office's pages; station staff see the deputies' names.</summary>
    public bool LinksPerformance => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.CongressStaff);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), localizer["请勾选确认后再删除。"]);
            return await ShowAsync(id, cancellationToken);
        }

        var result = await records.DeleteAsync(User.CaseActor(), id, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return failure is PageResult ? await ShowAsync(id, cancellationToken) : failure;
        }

        Done(localizer["活动记录已删除。"]);
        return Redirect("/Manage/Activities");
    }

    private async Task<IActionResult> ShowAsync(int id, CancellationToken cancellationToken)
    {
        var found = await records.GetAsync(Scope, id, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        Activity = found;
        return Page();
    }
}
