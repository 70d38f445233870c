using LiaisonPortal.Core.Management;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Categories;

/// <summary>The two-level category tree: add, rename, reorder, deactivate, delete (refused while children exist).</summary>
public class IndexModel(DirectoryEditor editor, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty]
    public NewCategory Input { get; set; } = new();

    public IReadOnlyList<CategoryRow> Tree { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tree = await editor.CategoryTreeAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await editor.CreateCategoryAsync(Input.Code, Input.Name, Input.ParentCode, Input.SortOrder ?? 0, cancellationToken);
        return await AfterAsync(result, localizer["已新增分类 {0}。", Input.Code ?? string.Empty], cancellationToken);
    }

    public async Task<IActionResult> OnPostRenameAsync(string code, string? name, int? sortOrder, CancellationToken cancellationToken)
    {
        var result = await editor.UpdateCategoryAsync(code, name, sortOrder ?? 0, cancellationToken);
        return await AfterAsync(Prefixed(result, code), localizer["已保存分类 {0}。", code], cancellationToken);
    }

    public async Task<IActionResult> OnPostDeactivateAsync(string code, CancellationToken cancellationToken) =>
        await AfterAsync(await editor.SetCategoryActiveAsync(code, false, cancellationToken), localizer["已停用分类 {0}：新意见不能再选它，已分类的意见不受影响。", code], cancellationToken);

    public async Task<IActionResult> OnPostReactivateAsync(string code, CancellationToken cancellationToken) =>
        await AfterAsync(await editor.SetCategoryActiveAsync(code, true, cancellationToken), localizer["已重新启用分类 {0}。", code], cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(string code, CancellationToken cancellationToken) =>
        await AfterAsync(await editor.DeleteCategoryAsync(code, cancellationToken), localizer["已删除分类 {0}。", code], cancellationToken);

    /// <summary>A row's own messages sit next to that row: its fields are keyed by the category's code.</summary>
    private static EditResult Prefixed(EditResult result, string code) =>
        result.Outcome == EditOutcome.Invalid
            ? result with { Errors = result.Errors.Select(e => e with { Field = e.Field.Length == 0 ? string.Empty : $"{code}.{e.Field}" }).ToList() }
            : result;

    private async Task<IActionResult> AfterAsync(EditResult result, string message, CancellationToken cancellationToken)
    {
        if (Failure(result) is { } failure)
        {
            if (failure is PageResult)
            {
                Tree = await editor.CategoryTreeAsync(cancellationToken);
            }

            return failure;
        }

        Done(message);
        return RedirectToPage();
    }

    public sealed class NewCategory
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? ParentCode { get; set; }

        public int? SortOrder { get; set; }
    }
}
