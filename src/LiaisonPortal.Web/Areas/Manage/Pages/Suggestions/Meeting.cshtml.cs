using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>
/// 交办会: a batch's accepted suggestions with their proposed units, assigned in one action; each suggestion's outcome
/// is listed (assigned, or why not), and those still without a proposal link to their page to propose.
/// </summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class MeetingModel(SuggestionDesk desk, SuggestionCases cases, SuggestionBatches batches, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public SuggestionBatch Batch { get; private set; } = null!;

    public IReadOnlyList<MeetingRow> Rows { get; private set; } = [];

    /// <summary>The deadline an assignment made today gets by the batch's rule.</summary>
    public DateOnly DefaultDue { get; private set; }

    /// <summary>After the meeting's assignment: each suggestion's outcome in words.</summary>
    public IReadOnlyList<(int Id, string? Number, bool Done, string Message)> Results { get; private set; } = [];

    public int Ready => Rows.Count(r => r.LeadUnit is not null);

    public DateOnly Today => desk.Today;

    [BindProperty]
    public DateOnly? DueOn { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(int batchId, CancellationToken cancellationToken) =>
        await LoadAsync(batchId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int batchId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(batchId, cancellationToken))
        {
            return NotFound();
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), localizer["请勾选确认后再提交。"]);
        }

        if (DueOn is { } due && due <= Today)
        {
            ModelState.AddModelError(nameof(DueOn), localizer["办理时限要晚于今天。"]);
        }

        if (Ready == 0)
        {
            ModelState.AddModelError(string.Empty, localizer["本批次没有已拟交办的建议，请先为建议拟定主办单位。"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var results = await cases.AssignBatchAsync(User.CaseActor(), batchId, DueOn, cancellationToken);
        Results = results.Select(r => (r.Id, r.Number, r.Result.Succeeded, r.Result.Outcome switch
        {
            EditOutcome.Done => localizer["已交办"].Value,
            EditOutcome.NotFound => localizer["找不到这件建议"].Value,
            _ => string.Join(" ", r.Result.Errors.Select(e => e.Message)),
        })).ToList();
        Confirm = false;
        ModelState.Clear();
        await LoadAsync(batchId, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(int batchId, CancellationToken cancellationToken)
    {
        var batch = (await desk.BatchesAsync(Scope, cancellationToken)).FirstOrDefault(b => b.Id == batchId);
        if (batch is null)
        {
            return false;
        }

        Batch = batch;
        Rows = await batches.MeetingAsync(Scope, batchId, cancellationToken);
        DefaultDue = await cases.DueAsync(batch, Today, cancellationToken);
        return true;
    }
}
