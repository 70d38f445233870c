using LiaisonPortal.Core.Paging;
using LiaisonPortal.Core.Suggestions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Suggestions;

/// <summary>我的建议: the suggestions the deputy leads (drafts too) and the filed ones they co-sign, through the scope filter.</summary>
public class IndexModel(SuggestionDesk desk) : ManagePageModel
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

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(Text) ? null : Text.Trim();
        if (text is { Length: > TextMaxLength })
        {
            text = text[..TextMaxLength];
        }

        var state = State is { } s && Enum.IsDefined(s) ? s : (SuggestionState?)null;
        Rows = await desk.ListAsync(Scope, new SuggestionQuery(state, Text: text), new PageRequest(PageNumber), cancellationToken);
        Led = await desk.LedAsync(Scope, [.. Rows.Items.Select(r => r.Id)], cancellationToken);
    }

    /// <summary>The deadline is shown in red once it has passed while the units are still handling it.</summary>
    public bool Late(SuggestionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.IsOverdue || (row.State == SuggestionState.Assigned && row.DueOn is { } due && due < Today);
    }
}
