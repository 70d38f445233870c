using System.Globalization;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Regions;

/// <summary>The region tree within the account's scope: add a street or community, rename, delete one entered by mistake.</summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class IndexModel(DirectoryEditor editor, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty]
    public NewRegion Input { get; set; } = new();

    public IReadOnlyList<RegionRow> Tree { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tree = await editor.RegionTreeAsync(Scope, cancellationToken);

    /// <summary>The region tree as a list, every region of the scope, as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        string[] headers =
        [
            localizer["区划代码"], localizer["名称"], localizer["层级"], localizer["上级区划代码"], localizer["下级区域"], localizer["家站点"], localizer["承办单位"],
        ];
        return TableExport.Result(new ExportTable(localizer["行政区划"], headers, RowsAsync(editor.AllRegionsAsync(Scope))), format, "regions");
    }

    /// <summary>The level's name as the tree shows it: a localizer key.</summary>
    public static string LevelName(Core.Organisation.RegionLevel level) => level switch
    {
        Core.Organisation.RegionLevel.City => "市",
        Core.Organisation.RegionLevel.District => "区县",
        Core.Organisation.RegionLevel.Street => "街道（乡镇）",
        _ => "社区（村）",
    };

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<RegionRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                r.Code, r.Name, localizer[LevelName(r.Level)], r.ParentCode, r.Children.ToString(CultureInfo.InvariantCulture),
                r.Stations.ToString(CultureInfo.InvariantCulture), r.Units.ToString(CultureInfo.InvariantCulture),
            ];
        }
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken) =>
        await AfterAsync(await editor.CreateRegionAsync(Scope, Input.ParentCode, Input.Code, Input.Name, cancellationToken), localizer["已新增区域 {0}。", Input.Code ?? string.Empty], cancellationToken);

    public async Task<IActionResult> OnPostRenameAsync(string code, string? name, CancellationToken cancellationToken)
    {
        var result = await editor.RenameRegionAsync(Scope, code, name, cancellationToken);
        if (result.Outcome == EditOutcome.Invalid)
        {
            result = result with { Errors = result.Errors.Select(e => e with { Field = $"{code}.{e.Field}" }).ToList() };
        }

        return await AfterAsync(result, localizer["已保存区域 {0}。", code], cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string code, CancellationToken cancellationToken) =>
        await AfterAsync(await editor.DeleteRegionAsync(Scope, code, cancellationToken), localizer["已删除区域 {0}。", code], cancellationToken);

    private async Task<IActionResult> AfterAsync(EditResult result, string message, CancellationToken cancellationToken)
    {
        if (Failure(result) is { } failure)
        {
            if (failure is PageResult)
            {
                Tree = await editor.RegionTreeAsync(Scope, cancellationToken);
            }

            return failure;
        }

        Done(message);
        return RedirectToPage();
    }

    public sealed class NewRegion
    {
        public string? ParentCode { get; set; }

        public string? Code { get; set; }

        public string? Name { get; set; }
    }
}
