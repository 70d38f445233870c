using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Performance;

/// <summary>未达年度最低要求: the active deputies in the office's regions below a rule's yearly minimum, with an export.</summary>
[Authorize(Roles = Roles.Admin + "," + Roles.CongressStaff)]
public class BelowModel(PerformanceFiles files, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public IReadOnlyList<BelowMinimumRow> Rows { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public int TheYear { get; private set; }

    public bool ToDate => TheYear == files.Today.Year;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        string[] headers = [localizer["代表编号"], localizer["姓名"], localizer["层级"], localizer["家站点"], localizer["未达要求的项目"], localizer["次数"], localizer["每年最少次数"]];
        var rows = Rows.Select(r => (IReadOnlyList<string?>)
            [
                r.Code, r.Name, localizer[DirectoryLabels.Of(r.Level)], r.StationName, localizer[PerformanceFacts.Name(r.Fact)],
                r.Count.ToString(CultureInfo.InvariantCulture), r.Minimum.ToString(CultureInfo.InvariantCulture),
            ]);
        return TableExport.Result(new ExportTable(localizer["未达年度最低要求"], headers, ExportTable.From(rows)), format,
            FormattableString.Invariant($"performance-below-{TheYear}"));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        TheYear = files.YearOrThis(Year);
        Years = files.Years(TheYear);
        Rows = await files.BelowMinimumAsync(Scope, TheYear, cancellationToken);
    }
}
