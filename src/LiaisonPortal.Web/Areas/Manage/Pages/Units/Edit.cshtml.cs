using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Units;

[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class EditModel(DirectoryEditor editor, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public HandlingUnitInput Input { get; set; } = new();

    [BindProperty]
    public uint Version { get; set; }

    public UnitForEdit? Existing { get; private set; }

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public IReadOnlyList<UnitChoice> Parents { get; private set; } = [];

    public IReadOnlyList<ChangeRecord> History { get; private set; } = [];

    public bool IsNew => Code is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!IsNew)
        {
            Existing = await editor.GetUnitAsync(Scope, Code!, cancellationToken);
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
            ? await editor.CreateUnitAsync(Scope, Input, cancellationToken)
            : await editor.UpdateUnitAsync(Scope, Code!, Version, Input, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: true, cancellationToken);
        }

        Done(localizer["已保存承办单位 {0}。", result.Code!]);
        return RedirectToPage(new { code = result.Code });
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken) => await SetActiveAsync(false, cancellationToken);

    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken) => await SetActiveAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var result = await editor.DeleteUnitAsync(Scope, Code ?? string.Empty, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(localizer["已删除承办单位 {0}。", Code ?? string.Empty]);
        return RedirectToPage("Index");
    }

    private async Task<IActionResult> SetActiveAsync(bool active, CancellationToken cancellationToken)
    {
        var result = await editor.SetUnitActiveAsync(Scope, Code ?? string.Empty, active, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(active ? localizer["承办单位已重新启用。"] : localizer["承办单位已停用：不能再交办新事项，已交办的照常办理。"]);
        return RedirectToPage(new { code = Code });
    }

    private async Task<IActionResult> ShowAsync(IActionResult failure, bool keepInput, CancellationToken cancellationToken)
    {
        if (failure is not PageResult)
        {
            return failure;
        }

        if (!IsNew)
        {
            Existing = await editor.GetUnitAsync(Scope, Code!, cancellationToken);
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
        Regions = await editor.RegionChoicesAsync(Scope, cancellationToken);
        Parents = (await editor.ParentUnitChoicesAsync(Scope, cancellationToken)).Where(p => p.Code != Code).ToList();
        if (!IsNew)
        {
            History = await editor.HistoryAsync(nameof(HandlingUnit), Code!, cancellationToken);
        }
    }
}
