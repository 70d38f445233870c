using System.Globalization;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Activities;

/// <summary>
/// 履职活动 (代表活动记录簿): the activities recorded in the scope, newest first, with filters, pages, and the same list as
/// the ledger in CSV or Excel.
/// </summary>
public class IndexModel(ActivityRecords records, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "kind")]
    public PerformanceFact? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    /// <summary>A deputy's name or code, or words of the title.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    /// <summary>The page number, from the query string only (the route value "page" is the page's own path).</summary>
    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<ActivityRow> Rows { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public IReadOnlyList<ActivityStationChoice> Stations { get; private set; } = [];

    public bool MayRecord => ActivityRecords.MayRecord(User.CaseActor());

    public bool Filtered => Kind is not null || From is not null || To is not null || !string.IsNullOrWhiteSpace(Station) || !string.IsNullOrWhiteSpace(Text);

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, "/Manage/Activities", SortLink.Filters(Request));

    public ActivityQuery Query => new(
        Kind is { } kind && ActivityRecords.IsActivityKind(kind) ? kind : null, From, To, Blank(Station), Blank(Text));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stations = await records.StationChoicesAsync(Scope, cancellationToken);
        Rows = await records.ListAsync(Scope, Query, new PageRequest(PageNumber), cancellationToken);
    }

    /// <summary>The filtered list, every row (not one page), as the 代表活动记录簿 ledger: CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        string[] headers =
        [
            localizer["日期"], localizer["活动类别"], localizer["活动名称"], localizer["地点"], localizer["家站点"], localizer["行政区划"],
            localizer["参加代表"], localizer["代表人数"], localizer["佐证材料数"], localizer["登记人"],
        ];
        return TableExport.Result(new ExportTable(localizer["代表活动记录簿"], headers, RowsAsync(records.AllAsync(Scope, Query))), format,
            $"activities-{records.Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<ActivityRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), localizer[ActivityLabels.Of(r.Kind)], r.Title, r.Place, r.StationName, r.RegionName,
                r.Participants, r.ParticipantCount.ToString(CultureInfo.InvariantCulture), r.EvidenceCount.ToString(CultureInfo.InvariantCulture), r.RecordedByName,
            ];
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
