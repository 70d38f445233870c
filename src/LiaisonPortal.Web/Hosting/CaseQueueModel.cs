using System.Globalization;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Workflow;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

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

    /// <summary>办理中 or "not merged": the dashboard's figures link here with it.</summary>
    [BindProperty(SupportsGet = true, Name = "stage")]
    public CaseStage? Stage { get; set; }

    /// <summary>With a unit: only the cases it leads in round 1 (主办).</summary>
    [BindProperty(SupportsGet = true, Name = "lead")]
    public bool? FirstLead { get; set; }

    /// <summary>A region's subtree within the scope (the dashboard's region).</summary>
    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    public CasePage Cases { get; private set; } = new([], null);

    /// <summary>Cases of each state (capped, see <see cref="CaseLists.CountCap"/>); null when counting took too long.</summary>
    public IReadOnlyDictionary<OpinionState, int>? Counts { get; private set; } = new Dictionary<OpinionState, int>();

    public int Total => Counts?.Values.Sum() ?? 0;

    /// <summary>A count as shown on a state pill: exact up to <see cref="CaseLists.CountCap"/>, "10000+" above it.</summary>
    public static string CountText(int count) => count > CaseLists.CountCap
        ? CaseLists.CountCap.ToString(CultureInfo.InvariantCulture) + "+"
        : count.ToString(CultureInfo.InvariantCulture);

    public bool Filtered => Category is not null || Grade is not null || Station is not null || Deputy is not null || Unit is not null
        || Channel is not null || Overdue is not null || From is not null || To is not null || !string.IsNullOrWhiteSpace(Text)
        || Stage is not null || FirstLead is true || !string.IsNullOrWhiteSpace(Region);

    public WorkflowActor Role => User.WorkflowRole();

    public CaseFilter Filter => new(
        State, Blank(Category), Grade, Blank(Station), Blank(Deputy), Blank(Unit), Channel, Overdue is true ? true : null, From, To, Blank(Text),
        Stage: Stage, FirstLead: FirstLead is true ? true : null, RegionCode: Blank(Region));

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

    /// <summary>
    /// The queue with its filters (and state), every case not one page, as CSV (UTF-8 with BOM) or, with format=xlsx, a
    /// workbook; streamed from the database through the scope filter.
    /// </summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        var localizer = HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        string[] headers =
        [
            localizer["查询码"], localizer["标题"], localizer["联络站"], localizer["代表"], localizer["来源渠道"], localizer["分类"], localizer["分级"],
            localizer["主办单位"], localizer["状态"], localizer["时限"], localizer["是否超期"], localizer["督办"], localizer["收到时间"],
        ];
        var today = Core.Calendar.ChinaTime.Today(HttpContext.RequestServices.GetRequiredService<TimeProvider>());
        return TableExport.Result(
            new ExportTable(localizer["群众意见"], headers, RowsAsync(lists.AllAsync(Scope, Filter), localizer)),
            format,
            $"opinions-{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    private static async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<CaseRow> rows, IStringLocalizer localizer)
    {
        await foreach (var row in rows)
        {
            var open = row.State is OpinionState.Received or OpinionState.Classified or OpinionState.Assigned or OpinionState.Answered;
            var due = row.State == OpinionState.Assigned && row.AnswerDueOn is { } answerDue ? answerDue : row.FeedbackDueOn;
            yield return
            [
                TrackingCodes.Display(row.Code), row.Title, row.StationName, row.DeputyName, localizer[OpinionLabels.Of(row.Channel)],
                row.CategoryName is null ? null : localizer[row.CategoryName].Value, row.Grade is { } grade ? localizer[OpinionLabels.Of(grade)].Value : null,
                row.LeadUnitName, localizer[OpinionLabels.State(row.State)], open ? due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                row.IsOverdue ? localizer["超期"].Value : null, row.Supervision == SupervisionLevel.Normal ? null : localizer[OpinionLabels.Of(row.Supervision)].Value,
                Core.Calendar.ChinaTime.Minutes(row.ReceivedAt),
            ];
        }
    }

    protected async Task LoadAsync(CancellationToken cancellationToken)
    {
        var filter = Filter;
        Counts = await lists.CountByStateAsync(Scope, filter, cancellationToken);
        Cases = await lists.ListAsync(Scope, filter, After, PageSize, cancellationToken);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
