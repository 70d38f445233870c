using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Templates;

/// <summary>One reply template: create (no id) or edit, with a preview filled with an example case.</summary>
public class EditModel(CaseSettings settings, DirectoryEditor directory, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [FromRoute]
    public int? Id { get; set; }

    [BindProperty]
    public TemplateForm Input { get; set; } = new();

    public IReadOnlyList<CategoryRow> Categories { get; private set; } = [];

    public bool IsActive { get; private set; } = true;

    /// <summary>The body with the example case's facts filled in.</summary>
    public string? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is { } id)
        {
            var template = await settings.TemplateAsync(id, cancellationToken);
            if (template is null)
            {
                return NotFound();
            }

            Input = new TemplateForm { Kind = template.Kind, CategoryCode = template.CategoryCode, Name = template.Name, Body = template.Body };
            IsActive = template.IsActive;
            Preview = CaseSettings.FillTemplate(template.Body, CaseSettings.ExampleFacts);
        }

        Categories = await directory.CategoryTreeAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var input = new TemplateInput(Input.Kind, Input.CategoryCode, Input.Name, Input.Body);
        var result = Id is { } id
            ? await settings.UpdateTemplateAsync(id, input, cancellationToken)
            : await settings.CreateTemplateAsync(input, cancellationToken);
        if (Failure(result) is { } failure)
        {
            Categories = await directory.CategoryTreeAsync(cancellationToken);
            return failure;
        }

        Done(localizer["已保存模板“{0}”。", Input.Name?.Trim() ?? string.Empty]);
        return RedirectToPage("Index");
    }

    /// <summary>预览: what the typed text becomes for the example case; nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Preview = CaseSettings.FillTemplate(Input.Body ?? string.Empty, CaseSettings.ExampleFacts);
        Categories = await directory.CategoryTreeAsync(cancellationToken);
        return Page();
    }

    public sealed class TemplateForm
    {
        public TemplateKind? Kind { get; set; } = TemplateKind.Answer;

        public string? CategoryCode { get; set; }

        public string? Name { get; set; }

        public string? Body { get; set; }
    }
}
