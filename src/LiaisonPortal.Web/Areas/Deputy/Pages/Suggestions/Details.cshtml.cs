using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Suggestions;

/// <summary>
/// One suggestion as its deputies see it: the text, the units' replies and contacts, the history; the lead deputy
/// evaluates the reply, withdraws a filed one before the review, or deletes a draft never filed. Co-signers read only.
/// </summary>
public class DetailsModel(SuggestionDesk desk, SuggestionCases cases, IStringLocalizer<SharedResource> localizer) : SuggestionPageModel(desk)
{
    /// <summary>The signed-in deputy leads it (领衔): they edit, withdraw and evaluate; a co-signer (附议) only reads.</summary>
    public bool IsLead { get; private set; }

    /// <summary>The office's reasons when it returned the suggestion (the last return in the history).</summary>
    public string? ReturnReason { get; private set; }

    [BindProperty]
    public EvaluationForm Evaluate { get; set; } = new();

    [BindProperty]
    public bool Confirm { get; set; }

    public bool CanEdit => IsLead && Current.State is SuggestionState.Draft or SuggestionState.Returned;

    public bool CanDelete => IsLead && Current.State == SuggestionState.Draft && Current.Number is null;

    public bool CanWithdraw => IsLead && Current.State == SuggestionState.Submitted;

    public bool CanEvaluate => IsLead && Current.State == SuggestionState.Replied;

    /// <summary>In the last round an unsatisfied rating closes it; before that it goes back for a second handling.</summary>
    public bool LastRound => Current.Round >= Suggestion.MaxRounds;

    public Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostEvaluateAsync(int id, CancellationToken cancellationToken)
    {
        var result = await cases.EvaluateAsync(User.CaseActor(), id, Evaluate.Rating, Evaluate.Comment, Version, cancellationToken);
        var state = result.Succeeded ? (await Desk.GetAsync(Scope, id, cancellationToken))?.State : null;
        var done = state == SuggestionState.Assigned
            ? localizer["已提交评价：不满意。建议已退回承办单位第二次办理。"]
            : localizer["已提交评价，建议办结。谢谢！"];
        return await MoveAsync(id, nameof(Evaluate), _ => Task.FromResult(result), done, cancellationToken);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken cancellationToken)
    {
        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), localizer["请勾选确认后再撤回。"]);
            return await ShowAsync(id, cancellationToken);
        }

        return await MoveAsync(id, string.Empty, actor => cases.WithdrawAsync(actor, id, Version, cancellationToken), localizer["已撤回。修改后请重新提交，编号不变。"], cancellationToken, $"/Deputy/Suggestions/Edit/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), localizer["请勾选确认后再删除。"]);
            return await ShowAsync(id, cancellationToken);
        }

        return await MoveAsync(id, string.Empty, actor => cases.DeleteDraftAsync(actor, id, cancellationToken), localizer["草稿已删除。"], cancellationToken, "/Deputy/Suggestions");
    }

    protected override string PathOf(int id) => $"/Deputy/Suggestions/Details/{id}";

    protected override async Task LoadedAsync(SuggestionCase found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        IsLead = (await Desk.LedAsync(Scope, [found.Id], cancellationToken)).Contains(found.Id);
        ReturnReason = found.State == SuggestionState.Returned
            ? found.Steps.LastOrDefault(s => s.Action == SuggestionAction.Return)?.Note
            : null;
    }

    public sealed class EvaluationForm
    {
        public Rating? Rating { get; set; }

        public string? Comment { get; set; }
    }
}
