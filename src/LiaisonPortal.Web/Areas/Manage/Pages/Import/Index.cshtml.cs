using System.ComponentModel.DataAnnotations;
using LiaisonPortal.Core.Import;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Import;

/// <summary>批量导入: choose what to import, upload the CSV file, download a template; the account's recent imports.</summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public class IndexModel(DirectoryImporter importer, IStringLocalizer<SharedResource> localizer) : ImportPageModel
{
    /// <summary>Above the file limit, so a slightly larger file gets the friendly message rather than a bare 413.</summary>
    private const int MaxRequestBytes = 2 * ImportFileReader.MaxBytes;

    private static readonly string[] Extensions = [".csv", ".txt"];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<ImportBatchInfo> Recent { get; private set; } = [];

    public async Task OnGetAsync(ImportKind? kind, CancellationToken cancellationToken)
    {
        if (kind is { } chosen && Enum.IsDefined(chosen))
        {
            Input.Kind = chosen;
        }

        Recent = await importer.RecentAsync(UserId, cancellationToken);
    }

    public IActionResult OnGetTemplate(ImportKind kind) =>
        Enum.IsDefined(kind)
            ? File(DirectoryImporter.Template(kind), "text/csv; charset=utf-8", $"import-{kind.ToString().ToLowerInvariant()}-template.csv")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var file = Input.File;
        if (!Enum.IsDefined(Input.Kind))
        {
            ModelState.AddModelError("Input.Kind", localizer["请选择导入内容。"]);
        }

        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("Input.File", localizer["请选择要导入的 CSV 文件。"]);
        }
        else if (!Extensions.Contains(Path.GetExtension(file.FileName), StringComparer.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.File", localizer["只能导入 CSV 文件（.csv）。Excel 表格请先“另存为”CSV 格式。"]);
        }
        else if (file.Length > ImportFileReader.MaxBytes)
        {
            ModelState.AddModelError("Input.File", localizer["文件超过 5 MB，请分成几个文件导入。"]);
        }

        if (ModelState.IsValid)
        {
            using var content = new MemoryStream((int)file!.Length);
            await file.CopyToAsync(content, cancellationToken);
            var result = await importer.UploadAsync(Scope, UserId, Input.Kind, file.FileName, content.ToArray(), cancellationToken);
            if (result.Succeeded)
            {
                return RedirectToPage("Preview", new { id = result.BatchId });
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Input.File", error);
            }
        }

        Recent = await importer.RecentAsync(UserId, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public sealed class InputModel
    {
        [Display(Name = "导入内容")]
        public ImportKind Kind { get; set; } = ImportKind.Deputies;

        [Display(Name = "CSV 文件")]
        public IFormFile? File { get; set; }
    }
}
