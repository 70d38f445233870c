using LiaisonPortal.Core.Import;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Import;

/// <summary>What the uploaded file would do, row by row; confirm (only when no row is invalid) or cancel.</summary>
public class PreviewModel(DirectoryImporter importer, IStringLocalizer<SharedResource> localizer) : ImportPageModel
{
    public ImportPreview Preview { get; private set; } = null!;

    public Page<PreviewRow> Rows { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public RowStatus? Show { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, $"/Manage/Import/Preview/{Preview.Batch.Id}", new Dictionary<string, string?> { ["show"] = Show?.ToString() });

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var batch = await importer.FindAsync(UserId, id, cancellationToken);
        if (batch is null)
        {
            return NotFound();
        }

        if (batch.Status is ImportStatus.Importing or ImportStatus.Completed or ImportStatus.Failed)
        {
            return RedirectToPage("Progress", new { id });
        }

        return await ShowAsync(id, cancellationToken) ?? NotFound();
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await importer.ConfirmAsync(Scope, UserId, id, cancellationToken);
        switch (result.Outcome)
        {
            case ConfirmOutcome.NotFound:
                return NotFound();
            case ConfirmOutcome.Done:
                return RedirectToPage("Progress", new { id });
            default:
                ModelState.AddModelError(string.Empty, result.Message!);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return await ShowAsync(id, cancellationToken) ?? NotFound();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await importer.CancelAsync(UserId, id, cancellationToken);
        switch (result.Outcome)
        {
            case ConfirmOutcome.NotFound:
                return NotFound();
            case ConfirmOutcome.Done:
                Done(localizer["已取消这次导入，没有写入任何数据。"]);
                return RedirectToPage("Index");
            default:
                ModelState.AddModelError(string.Empty, result.Message!);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return await ShowAsync(id, cancellationToken) ?? NotFound();
        }
    }

    private async Task<IActionResult?> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var preview = await importer.PreviewAsync(Scope, UserId, id, cancellationToken);
        if (preview is null)
        {
            return null;
        }

        Preview = preview;
        Rows = preview.Page(Show, new PageRequest(PageNumber, PageRequest.MaxSize));
        SetBreadcrumbs(("批量导入", "/Manage/Import"));
        return Page();
    }
}
