using System.Security.Claims;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Opinions;

/// <summary>The office's workbench (a station's own cases for station staff): the queue by state, filters, 集中交办.</summary>
public class IndexModel(CaseLists lists, CaseFiles files, OpinionCases cases, IStringLocalizer<SharedResource> localizer) : CaseQueueModel(lists)
{
    public override string QueuePath => "/Manage/Opinions";

    public IReadOnlyList<CaseChoice> Categories { get; private set; } = [];

    public IReadOnlyList<CaseChoice> Stations { get; private set; } = [];

    public IReadOnlyList<CaseChoice> Units { get; private set; } = [];

    /// <summary>The cases ticked for 集中交办.</summary>
    [BindProperty]
    public List<string> Codes { get; set; } = [];

    [BindProperty]
    public CasePageModel.AssignForm Bulk { get; set; } = new();

    /// <summary>After 集中交办: each case's outcome in words.</summary>
    public IReadOnlyList<(string Code, bool Done, string Message)> BulkResults { get; private set; } = [];

    public bool CanBulkAssign => Role == WorkflowActor.Office;

    public override async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await ChoicesAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignManyAsync(CancellationToken cancellationToken)
    {
        if (Codes.Count == 0)
        {
            ModelState.AddModelError(nameof(Codes), localizer["请先勾选要交办的意见。"]);
        }
        else if (ModelState.IsValid)
        {
            var actor = User.CaseActor();
            var results = await cases.AssignManyAsync(actor, Codes, new AssignInput(Bulk.LeadUnitCode, Bulk.CoUnitCodes, Bulk.DueOn, Bulk.Note), cancellationToken);
            var fieldErrors = results.Where(r => r.Result.Outcome == EditOutcome.Invalid).SelectMany(r => r.Result.Errors).DistinctBy(e => e.Field).ToList();
            if (fieldErrors.Count > 0 && results.All(r => r.Result.Outcome == EditOutcome.Invalid))
            {
                // The same input is wrong for every case: say it once, next to the field.
                foreach (var error in fieldErrors)
                {
                    ModelState.AddModelError($"{nameof(Bulk)}.{error.Field}", error.Message);
                }
            }
            else
            {
                BulkResults = results.Select(r => (r.Code, r.Result.Succeeded, r.Result.Outcome switch
                {
                    EditOutcome.Done => localizer["已交办"].Value,
                    EditOutcome.NotFound => localizer["找不到这件意见"].Value,
                    _ => string.Join(" ", r.Result.Errors.Select(e => e.Message)),
                })).ToList();
                Codes = [];
                ModelState.Clear();
            }
        }

        await ChoicesAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task ChoicesAsync(CancellationToken cancellationToken)
    {
        Categories = await files.CategoriesAsync(cancellationToken);
        Stations = await files.StationsAsync(Scope, cancellationToken);
        Units = await files.UnitsAsync(Scope, cancellationToken);
    }
}
