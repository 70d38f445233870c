using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Templates;

/// <summary>答复模板: every reply template, by use; deactivate or reactivate one.</summary>
public class IndexModel(CaseSettings settings, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Templates = await settings.TemplatesAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken) =>
        After(await settings.SetTemplateActiveAsync(id, false, cancellationToken), localizer["已停用模板：办理页面不再提供它，已经写好的答复不受影响。"]);

    public async Task<IActionResult> OnPostReactivateAsync(int id, CancellationToken cancellationToken) =>
        After(await settings.SetTemplateActiveAsync(id, true, cancellationToken), localizer["已重新启用模板。"]);

    public static string KindName(TemplateKind kind) => kind == TemplateKind.Answer ? "单位答复" : "反馈群众";

    private IActionResult After(Core.Management.EditResult result, string message)
    {
        if (Failure(result) is { } failure)
        {
            return failure;
        }

        Done(message);
        return RedirectToPage();
    }
}
