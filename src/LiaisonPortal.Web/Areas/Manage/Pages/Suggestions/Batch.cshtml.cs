using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>One batch (e.g. 2026 第1次会议): its rule and assignment meeting, counts by state, lead unit and grade, and its figures.</summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class BatchModel(SuggestionFigures figures) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public BatchOverview Overview { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var overview = await figures.BatchAsync(Scope, Id, cancellationToken);
        if (overview is null)
        {
            return NotFound();
        }

        Overview = overview;
        return Page();
    }
}
