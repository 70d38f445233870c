using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Deputies;

[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
[RequestSizeLimit(4 * 1024 * 1024)]
public class EditModel(DirectoryEditor editor, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public DeputyInput Input { get; set; } = new();

    [BindProperty]
    public uint Version { get; set; }

    public DeputyForEdit? Existing { get; private set; }

    public IReadOnlyList<StationChoice> Stations { get; private set; } = [];

    public IReadOnlyList<ChangeRecord> History { get; private set; } = [];

    public bool IsNew => Code is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!IsNew)
        {
            Existing = await editor.GetDeputyAsync(Scope, Code!, cancellationToken);
            if (Existing is null)
            {
                return NotFound();
            }

            Input = Existing.Input;
            Version = Existing.Version;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = IsNew
            ? await editor.CreateDeputyAsync(Scope, Input, cancellationToken)
            : await editor.UpdateDeputyAsync(Scope, Code!, Version, Input, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: true, cancellationToken);
        }

        Done(localizer["已保存代表 {0}。", result.Code!]);
        return RedirectToPage(new { code = result.Code });
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken) => await SetActiveAsync(false, cancellationToken);

    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken) => await SetActiveAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var result = await editor.DeleteDeputyAsync(Scope, Code ?? string.Empty, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(localizer["已删除代表 {0}。", Code ?? string.Empty]);
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostPhotoAsync(IFormFile? photo, CancellationToken cancellationToken)
    {
        EditResult result;
        if (photo is null || photo.Length == 0)
        {
            result = EditResult.Invalid("Photo", localizer["请选择一张照片。"]);
        }
        else if (photo.Length > DeputyPhoto.MaxBytes)
        {
            result = EditResult.Invalid("Photo", localizer["照片不能超过 2 MB，请压缩后再上传。"]);
        }
        else
        {
            using var buffer = new MemoryStream();
            await photo.CopyToAsync(buffer, cancellationToken);
            result = await editor.SetPhotoAsync(Scope, Code ?? string.Empty, buffer.ToArray(), cancellationToken);
        }

        if (Failure(result, "Upload") is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(localizer["照片已更新。"]);
        return RedirectToPage(new { code = Code });
    }

    public async Task<IActionResult> OnPostRemovePhotoAsync(CancellationToken cancellationToken)
    {
        var result = await editor.RemovePhotoAsync(Scope, Code ?? string.Empty, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(localizer["照片已删除。"]);
        return RedirectToPage(new { code = Code });
    }

    private async Task<IActionResult> SetActiveAsync(bool active, CancellationToken cancellationToken)
    {
        var result = await editor.SetDeputyActiveAsync(Scope, Code ?? string.Empty, active, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(active ? localizer["代表已重新启用。"] : localizer["代表已停用：公众页面不再显示，联系卡上的二维码会指向其所在联络站。"]);
        return RedirectToPage(new { code = Code });
    }

    /// <summary>The page again after a refusal: the typed form for a refused save, the stored record otherwise.</summary>
    private async Task<IActionResult> ShowAsync(IActionResult failure, bool keepInput, CancellationToken cancellationToken)
    {
        if (failure is not PageResult)
        {
            return failure;
        }

        if (!IsNew)
        {
            Existing = await editor.GetDeputyAsync(Scope, Code!, cancellationToken);
            if (Existing is null)
            {
                return NotFound();
            }

            if (!keepInput)
            {
                Input = Existing.Input;
                Version = Existing.Version;
            }
        }

        await LoadAsync(cancellationToken);
        return failure;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Stations = await editor.StationChoicesAsync(Scope, cancellationToken);
        if (!IsNew)
        {
            History = await editor.HistoryAsync(nameof(Deputy), Code!, cancellationToken);
        }
    }
}
