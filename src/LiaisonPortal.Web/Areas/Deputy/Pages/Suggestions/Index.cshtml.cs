using System.Globalization;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Suggestions;

/// <summary>我的建议: the suggestions the deputy leads (drafts too) and the filed ones they co-sign, through the scope filter; the same list as CSV or Excel.</summary>
public class IndexModel(SuggestionDesk desk, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public const int TextMaxLength = 50;

    [BindProperty(SupportsGet = true, Name = "state")]
    public SuggestionState? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<SuggestionRow> Rows { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    /// <summary>The rows the deputy leads (领衔); the others they co-sign (附议).</summary>
    public IReadOnlySet<int> Led { get; private set; } = new HashSet<int>();

    public DateOnly Today => desk.Today;

    public bool Filtered => State is not null || !string.IsNullOrWhiteSpace(Text);

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, "/Deputy/Suggestions",
        new Dictionary<string, string?> { ["state"] = State?.ToString(), ["q"] = Text });

    /// <summary>The list's filters: the state and the words typed (cut to <see cref="TextMaxLength"/>).</summary>
    public SuggestionQuery Query
    {
        get
        {
            var text = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim();
            if (text is { Length: > TextMaxLength })
            {
                text = text[..TextMaxLength];
            }

            var state = State is { } s && Enum.IsDefined(s) ? s : (SuggestionState?)null;
            return new SuggestionQuery(state, Text: text);
        }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Rows = await desk.ListAsync(Scope, Query, new PageRequest(PageNumber), cancellationToken);
        Led = await desk.LedAsync(Scope, [.. Rows.Items.Select(r => r.Id)], cancellationToken);
    }

    /// <summary>The filtered list, every row (not one page), as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        string[] headers =
        [
            localizer["建议编号"], localizer["标题"], localizer["领衔代表"], localizer["分类"], localizer["状态"], localizer["主办单位"],
            localizer["办理时限"], localizer["办理轮次"], localizer["答复类别"], localizer["代表评价"],
        ];
        return TableExport.Result(new ExportTable(localizer["我的建议"], headers, RowsAsync(desk.AllAsync(Scope, Query))), format,
            $"my-suggestions-{Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<SuggestionRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                r.Number, r.Title, r.DeputyName, r.CategoryName, localizer[SuggestionLabels.State(r.State)], r.LeadUnitName,
                r.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Round.ToString(CultureInfo.InvariantCulture),
                r.Grade is { } grade ? SuggestionLabels.GradeLetter(grade) : null, r.Rating is { } rating ? localizer[OpinionLabels.Of(rating)].Value : null,
            ];
        }
    }

    /// <summary>The deadline is shown in red once it has passed while the units are still handling it.</summary>
    public bool Late(SuggestionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.IsOverdue || (row.State == SuggestionState.Assigned && row.DueOn is { } due && due < Today);
    }
}
