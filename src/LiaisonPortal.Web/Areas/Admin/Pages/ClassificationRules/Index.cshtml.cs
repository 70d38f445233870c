using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.ClassificationRules;

/// <summary>分类规则: keyword → category (and grade); the classify page suggests the first match, longest keyword first.</summary>
public class IndexModel(CaseSettings settings, DirectoryEditor directory, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty]
    public RuleForm Input { get; set; } = new();

    public IReadOnlyList<ClassificationRuleRow> Rules { get; private set; } = [];

    public IReadOnlyList<CategoryRow> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await settings.CreateClassificationRuleAsync(Input.ToInput(), cancellationToken);
        if (Failure(result) is { } failure)
        {
            await LoadAsync(cancellationToken);
            return failure;
        }

        Done(localizer["已新增规则：关键词“{0}”。", Input.Keyword?.Trim() ?? string.Empty]);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Rules = await settings.ClassificationRulesAsync(cancellationToken);
        Categories = await directory.CategoryTreeAsync(cancellationToken);
    }

    public sealed class RuleForm
    {
        public string? Keyword { get; set; }

        public string? CategoryCode { get; set; }

        public Grade? Grade { get; set; }

        public bool IsActive { get; set; } = true;

        public ClassificationRuleInput ToInput() => new(Keyword, CategoryCode, Grade, IsActive);
    }
}
