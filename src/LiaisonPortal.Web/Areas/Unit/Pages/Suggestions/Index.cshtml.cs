using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Unit.Pages.Suggestions;

/// <summary>代表建议办理: the suggestions assigned to the unit (lead or co-unit), by tab, with their deadlines; the tab's list as CSV or Excel.</summary>
public class IndexModel(SuggestionInbox inbox, WorkingDayCalendar calendar, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    public const string Path = "/Unit/Suggestions";

    [BindProperty(SupportsGet = true, Name = "tab")]
    public UnitInboxTab Tab { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Page<UnitInboxRow> Rows { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public IReadOnlyDictionary<UnitInboxTab, int> Counts { get; private set; } = new Dictionary<UnitInboxTab, int>();

    public DateOnly Today { get; private set; }

    /// <summary>Working days left until each open row's deadline (0 = due today).</summary>
    public IReadOnlyDictionary<int, int> DaysLeft { get; private set; } = new Dictionary<int, int>();

    public PagerModel Pager => new(Rows.Number, Rows.TotalPages, Path, Filters(Tab));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(Tab))
        {
            Tab = UnitInboxTab.All;
        }

        Today = ChinaTime.Today(time);
        Counts = await inbox.CountsAsync(Scope, Text, cancellationToken);
        Rows = await inbox.ListAsync(Scope, Tab, Text, new PageRequest(PageNumber), cancellationToken);
        var open = Rows.Items.Where(r => r.State == SuggestionState.Assigned && r.DueOn >= Today).ToList();
        if (open.Count > 0)
        {
            var rules = await calendar.RulesForAsync(Today, open.Max(r => r.DueOn!.Value), cancellationToken);
            DaysLeft = open.ToDictionary(r => r.Id, r => rules.Between(Today, r.DueOn!.Value));
        }
    }

    /// <summary>The tab's list with the search, every row (not one page), as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        if (!Enum.IsDefined(Tab))
        {
            Tab = UnitInboxTab.All;
        }

        Today = ChinaTime.Today(time);
        string[] headers =
        [
            localizer["建议编号"], localizer["标题"], localizer["领衔代表"], localizer["本单位"], localizer["状态"], localizer["办理时限"],
            localizer["是否超期"], localizer["办理轮次"], localizer["重点督办"], localizer["已退回交办"],
        ];
        return TableExport.Result(new ExportTable(localizer["代表建议办理"], headers, RowsAsync(inbox.AllAsync(Scope, Tab, Text))), format,
            $"unit-suggestions-{Tab.ToString().ToLowerInvariant()}-{Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    public string UrlFor(UnitInboxTab tab) => QueryHelpers.AddQueryString(Path, Filters(tab).Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value));

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<UnitInboxRow> rows)
    {
        await foreach (var r in rows)
        {
            var late = r.State == SuggestionState.Assigned && r.DueOn < Today;
            yield return
            [
                r.Number, r.Title, r.DeputyName, localizer[r.IsLead ? "主办" : "协办"], localizer[SuggestionLabels.State(r.State)],
                r.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), late ? localizer["已超期"].Value : null,
                r.Round.ToString(CultureInfo.InvariantCulture), r.IsKey ? r.KeyLeader ?? localizer["重点督办"].Value : null,
                r.SentBackAt is { } sentBack ? ChinaTime.Minutes(sentBack) : null,
            ];
        }
    }

    private Dictionary<string, string?> Filters(UnitInboxTab tab) => new()
    {
        ["tab"] = tab == UnitInboxTab.All ? null : tab.ToString(),
        ["q"] = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
    };
}
