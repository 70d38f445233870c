using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Stations;

/// <summary>Creates a station (no code in the route) or edits one; closes, reopens, deletes it and records its 八有 check.</summary>
public class EditModel(DirectoryEditor editor, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public StationInput Input { get; set; } = new();

    [BindProperty]
    public uint Version { get; set; }

    [BindProperty]
    public List<StandardForm> Standard { get; set; } = [];

    public StationForEdit? Existing { get; private set; }

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public IReadOnlyList<ChangeRecord> History { get; private set; } = [];

    public bool IsNew => Code is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (IsNew && !ManagesRegions)
        {
            return Forbid();
        }

        if (!IsNew)
        {
            Existing = await editor.GetStationAsync(Scope, Code!, cancellationToken);
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
            ? await editor.CreateStationAsync(Scope, Input, cancellationToken)
            : await editor.UpdateStationAsync(Scope, Code!, Version, Input, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: true, cancellationToken);
        }

        Done(localizer["已保存家站点 {0}。", result.Code!]);
        return RedirectToPage(new { code = result.Code });
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken) => await SetActiveAsync(false, cancellationToken);

    public async Task<IActionResult> OnPostReopenAsync(CancellationToken cancellationToken) => await SetActiveAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var result = await editor.DeleteStationAsync(Scope, Code ?? string.Empty, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(localizer["已删除家站点 {0}。", Code ?? string.Empty]);
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostStandardAsync(CancellationToken cancellationToken)
    {
        var answers = Standard.Select(s => new StandardAnswer(s.Item, s.IsMet, s.Note)).ToList();
        var result = await editor.RecordStandardAsync(Scope, Code ?? string.Empty, answers, cancellationToken);
        if (Failure(result, "Standard") is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(localizer["已记录“八有”检查。"]);
        return RedirectToPage(new { code = Code });
    }

    private async Task<IActionResult> SetActiveAsync(bool active, CancellationToken cancellationToken)
    {
        var result = await editor.SetStationActiveAsync(Scope, Code ?? string.Empty, active, cancellationToken);
        if (Failure(result) is { } failure)
        {
            return await ShowAsync(failure, keepInput: false, cancellationToken);
        }

        Done(active ? localizer["家站点已重新启用。"] : localizer["家站点已关闭：公众页面不再显示，统一编号保留。"]);
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
            Existing = await editor.GetStationAsync(Scope, Code!, cancellationToken);
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
        if (!IsNew)
        {
            History = await editor.HistoryAsync(nameof(Station), Code!, cancellationToken);
        }
    }

    public sealed class StandardForm
    {
        public StandardItem Item { get; set; }

        public bool IsMet { get; set; }

        public string? Note { get; set; }
    }
}
