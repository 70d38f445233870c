using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Reception;

/// <summary>Asks before a rule is deactivated: its days leave the public pages at once.</summary>
public class DeactivateModel(ReceptionRules rules, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public RuleForEdit Rule { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await rules.GetAsync(Scope, Id, cancellationToken) is not { } rule)
        {
            return NotFound();
        }

        Rule = rule;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await rules.GetAsync(Scope, Id, cancellationToken) is not { } rule)
        {
            return NotFound();
        }

        var result = await rules.SetActiveAsync(Scope, Id, false, cancellationToken);
        if (Failure(result) is { } failure)
        {
            Rule = rule;
            return failure;
        }

        Done(localizer["规则已停用，它的接待日不再显示。"]);
        return Redirect(EditModel.IndexUrl(rule.Owner));
    }
}
