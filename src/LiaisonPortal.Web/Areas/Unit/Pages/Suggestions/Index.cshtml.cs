using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace LiaisonPortal.Web.Areas.Unit.Pages.Suggestions;

/// <summary>代表建议办理: the suggestions assigned to the unit (lead or co-unit), by tab, with their deadlines.</summary>
public class IndexModel(SuggestionInbox inbox, WorkingDayCalendar calendar, TimeProvider time) : ManagePageModel
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

    public string UrlFor(UnitInboxTab tab) => QueryHelpers.AddQueryString(Path, Filters(tab).Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value));

    private Dictionary<string, string?> Filters(UnitInboxTab tab) => new()
    {
        ["tab"] = tab == UnitInboxTab.All ? null : tab.ToString(),
        ["q"] = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
    };
}
