using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.ClassificationRules;

/// <summary>One classification rule: change it, or delete it after a confirmation.</summary>
public class EditModel(CaseSettings settings, DirectoryEditor directory, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [FromRoute]
    public int Id { get; set; }

    [BindProperty]
    public IndexModel.RuleForm Input { get; set; } = new();

    public IReadOnlyList<CategoryRow> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var rule = (await settings.ClassificationRulesAsync(cancellationToken)).SingleOrDefault(r => r.Id == Id);
        if (rule is null)
        {
            return NotFound();
        }

        Input = new IndexModel.RuleForm { Keyword = rule.Keyword, CategoryCode = rule.CategoryCode, Grade = rule.Grade, IsActive = rule.IsActive };
        Categories = await directory.CategoryTreeAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await settings.UpdateClassificationRuleAsync(Id, Input.ToInput(), cancellationToken);
        if (Failure(result) is { } failure)
        {
            Categories = await directory.CategoryTreeAsync(cancellationToken);
            return failure;
        }

        Done(localizer["已保存规则：关键词“{0}”。", Input.Keyword?.Trim() ?? string.Empty]);
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (Failure(await settings.DeleteClassificationRuleAsync(Id, cancellationToken)) is { } failure)
        {
            return failure;
        }

        Done(localizer["已删除规则。"]);
        return RedirectToPage("Index");
    }
}
