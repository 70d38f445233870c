using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Reception;

/// <summary>Edits one rule, or re-enables a deactivated one (deactivating asks first, on its own page).</summary>
public class EditModel(ReceptionRules rules, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public ReceptionRuleInput Input { get; set; } = new();

    [BindProperty]
    public uint Version { get; set; }

    public RuleForEdit Rule { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Input = Rule.Input;
        Version = Rule.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        // The kind of a special session stays a special session, and a recurring rule stays recurring.
        if ((Rule.Row.Kind == RecurrenceKind.OneOff) != (Input.Kind == nameof(RecurrenceKind.OneOff)))
        {
            Input.Kind = Rule.Input.Kind;
        }

        var result = await rules.UpdateAsync(Scope, Id, Version, Input, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return failure;
        }

        Done(localizer["已保存接待日规则。"]);
        return Redirect(IndexUrl(Rule.Owner));
    }

    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken)
    {
        var result = await rules.SetActiveAsync(Scope, Id, true, cancellationToken);
        if (result.Outcome == Core.Management.EditOutcome.NotFound)
        {
            return NotFound();
        }

        Done(localizer["规则已重新启用。"]);
        return RedirectToPage(new { id = Id });
    }

    public static string IndexUrl(RuleOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Kind == RuleOwnerKind.Station
            ? "/Manage/Reception?station=" + Uri.EscapeDataString(owner.Code)
            : "/Manage/Reception?region=" + Uri.EscapeDataString(owner.Code);
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var rule = await rules.GetAsync(Scope, Id, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        Rule = rule;
        return true;
    }
}
