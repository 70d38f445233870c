using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// A queue of cases for every workspace (the office's workbench, a unit's inbox, a deputy's opinions): counts by state,
/// filters in the query string, keyset paging with "下一页" that keeps the filters. The scope filter decides what is in it.
/// </summary>
public abstract class CaseQueueModel(CaseLists lists) : ManagePageModel
{
    public const int PageSize = 30;

    public abstract string QueuePath { get; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public OpinionState? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "grade")]
    public Grade? Grade { get; set; }

    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    [BindProperty(SupportsGet = true, Name = "deputy")]
    public string? Deputy { get; set; }

    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true, Name = "channel")]
    public OpinionChannel? Channel { get; set; }

    [BindProperty(SupportsGet = true, Name = "overdue")]
    public bool? Overdue { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    public CasePage Cases { get; private set; } = new([], null);

    public IReadOnlyDictionary<OpinionState, int> Counts { get; private set; } = new Dictionary<OpinionState, int>();

    public int Total => Counts.Values.Sum();

    public bool Filtered => Category is not null || Grade is not null || Station is not null || Deputy is not null || Unit is not null
        || Channel is not null || Overdue is not null || From is not null || To is not null || !string.IsNullOrWhiteSpace(Text);

    public WorkflowActor Role => User.WorkflowRole();

    public CaseFilter Filter => new(
        State, Blank(Category), Grade, Blank(Station), Blank(Deputy), Blank(Unit), Channel, Overdue is true ? true : null, From, To, Blank(Text));

    public virtual async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>The same queue with one query value changed (null removes it), always from the first page.</summary>
    public string UrlWith(string key, string? value)
    {
        var query = QueryHelpers.ParseQuery(Request.QueryString.Value)
            .Where(p => p.Key is not ("after" or "handler") && p.Key != key && !string.IsNullOrEmpty(p.Value))
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        if (value is not null)
        {
            query[key] = value;
        }

        return QueryHelpers.AddQueryString(QueuePath, query);
    }

    public string? NextUrl => Cases.After is null ? null : UrlWith("after", Cases.After);

    protected async Task LoadAsync(CancellationToken cancellationToken)
    {
        var filter = Filter;
        Counts = await lists.CountByStateAsync(Scope, filter, cancellationToken);
        Cases = await lists.ListAsync(Scope, filter, After, PageSize, cancellationToken);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
