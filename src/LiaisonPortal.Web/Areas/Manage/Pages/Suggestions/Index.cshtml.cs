using System.Globalization;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Suggestions;

/// <summary>The congress office's list of deputies' suggestions in its regions: filters, pages, and the same list as CSV.</summary>
[Authorize(Roles = Core.Accounts.Roles.Admin + "," + Core.Accounts.Roles.CongressStaff)]
public class IndexModel(SuggestionDesk desk, CaseFiles files, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "batch")]
    public int? Batch { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public SuggestionState? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "key")]
    public bool KeyOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "overdue")]
    public bool OverdueOnly { get; set; }

    /// <summary>The batches' year (the figures page links here with it).</summary>
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    /// <summary>The page number, from the query string only (the route value "page" is the page's own path).</summary>
    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<SuggestionRow> Rows { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public IReadOnlyList<SuggestionBatch> Batches { get; private set; } = [];

    public IReadOnlyList<CaseChoice> Units { get; private set; } = [];

    public IReadOnlyList<CaseChoice> Categories { get; private set; } = [];

    public DateOnly Today => desk.Today;

    public bool Filtered => Batch is not null || State is not null || !string.IsNullOrWhiteSpace(Unit) || !string.IsNullOrWhiteSpace(Category)
        || KeyOnly || OverdueOnly || !string.IsNullOrWhiteSpace(Text) || Year is not null;

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, "/Manage/Suggestions", SortLink.Filters(Request));

    public SuggestionQuery Query => new(State, Batch, Blank(Unit), Blank(Category), KeyOnly, OverdueOnly, Blank(Text), Year);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Batches = await desk.BatchesAsync(Scope, cancellationToken);
        Units = await files.UnitsAsync(Scope, cancellationToken);
        Categories = await files.CategoriesAsync(cancellationToken);
        Rows = await desk.ListAsync(Scope, Query, new PageRequest(PageNumber), cancellationToken);
    }

    /// <summary>The filtered list, every row (not one page), as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        string[] headers =
        [
            localizer["建议编号"], localizer["标题"], localizer["领衔代表"], localizer["分类"], localizer["状态"], localizer["主办单位"],
            localizer["办理时限"], localizer["是否超期"], localizer["办理轮次"], localizer["答复类别"], localizer["代表评价"], localizer["重点督办"],
        ];
        return TableExport.Result(new ExportTable(localizer["代表建议"], headers, RowsAsync(desk.AllAsync(Scope, Query))), format,
            $"suggestions-{Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<SuggestionRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                r.Number, r.Title, r.DeputyName, r.CategoryName, localizer[SuggestionLabels.State(r.State)], r.LeadUnitName,
                r.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.IsOverdue ? localizer["超期"].Value : null,
                r.Round.ToString(CultureInfo.InvariantCulture), r.Grade is { } grade ? SuggestionLabels.GradeLetter(grade) : null,
                r.Rating is { } rating ? localizer[OpinionLabels.Of(rating)].Value : null, r.IsKey ? r.KeyLeader : null,
            ];
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
