using System.Globalization;
using LiaisonPortal.Core.Analysis;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Analysis;

/// <summary>
/// 民情分析: the monthly analysis reports of the regions in the office's scope (newest month first, paged, filtered by
/// region) and the form that generates one for a region and month. Bad input comes back next to the field, as typed.
/// </summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class IndexModel(OpinionAnalysis analysis, DirectoryEditor editor, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    [BindProperty]
    public GenerateForm Input { get; set; } = new();

    public Page<AnalysisReportRow> Reports { get; private set; } = new([], 1, PageSize, 0);

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    /// <summary>The latest month a report may cover ("2026-05"): this month, so far.</summary>
    public string ThisMonth => analysis.ThisMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public PagerModel Pager => new(Reports.Number, Reports.TotalPages, "/Manage/Analysis", new Dictionary<string, string?> { ["region"] = Region });

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.RegionCode ??= Region ?? (Regions.Count > 0 && Scope.Kind == Core.Accounts.ScopeKind.Region ? Regions[0].Code : null);
        Input.Month ??= analysis.ThisMonth.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var month = OpinionAnalysis.ParseMonth(Input.Month);
        if (!string.IsNullOrWhiteSpace(Input.Month) && month is null)
        {
            ModelState.AddModelError("Input.Month", localizer["月份的格式应为“2026-05”。"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = await analysis.GenerateAsync(Scope, Input.RegionCode, month, cancellationToken);
        if (result.Succeeded)
        {
            Done(localizer["已生成 {0} 的报告草稿：写好评述后即可发布。", month!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture)]);
            return Redirect($"/Manage/Analysis/Report/{result.Code}");
        }

        await LoadAsync(cancellationToken);
        if (result.Outcome == EditOutcome.Conflict)
        {
            ModelState.AddModelError(string.Empty, result.Errors[0].Message);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return Failure(result)!;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Regions = await editor.RegionChoicesAsync(Scope, cancellationToken);
        Reports = await analysis.ListAsync(Scope, Region, new PageRequest(PageNumber, PageSize), cancellationToken);
    }

    public sealed class GenerateForm
    {
        public string? RegionCode { get; set; }

        /// <summary>"2026-05".</summary>
        public string? Month { get; set; }
    }
}
