using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Supervision;

/// <summary>
/// 督办: the overdue, due-soon, key/flagged and leaders' lists of the account's scope, narrowed to a station or unit; the
/// tab's whole list (not only the rows the page shows) as CSV or Excel.
/// </summary>
public class IndexModel(Core.Opinions.Supervision supervision, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "list")]
    public SupervisionList List { get; set; } = SupervisionList.Overdue;

    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? Unit { get; set; }

    public SupervisionPage Cases { get; private set; } = new([], 0);

    public IReadOnlyDictionary<SupervisionList, int> Counts { get; private set; } = new Dictionary<SupervisionList, int>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(List))
        {
            List = SupervisionList.Overdue;
        }

        var filter = new SupervisionFilter(Station, Unit);
        Counts = await supervision.CountsAsync(Scope, filter, cancellationToken: cancellationToken);
        Cases = await supervision.ListAsync(Scope, List, filter, cancellationToken: cancellationToken);
    }

    /// <summary>The tab with the station and unit filters, every case (no limit), as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public IActionResult OnGetExport([FromQuery(Name = "format")] string? format)
    {
        if (!Enum.IsDefined(List))
        {
            List = SupervisionList.Overdue;
        }

        string[] headers =
        [
            localizer["查询码"], localizer["标题"], localizer["状态"], localizer["联络站"], localizer["代表"], localizer["主办单位"], localizer["分级"],
            localizer["收到时间"], localizer["当前期限"], localizer["反馈期限"], localizer["督办级别"], localizer["领导督办"], localizer["办理轮次"],
        ];
        var today = ChinaTime.Today(time);
        return TableExport.Result(
            new ExportTable(localizer[TabName(List)], headers, RowsAsync(supervision.AllAsync(Scope, List, new SupervisionFilter(Station, Unit), today))),
            format,
            $"supervision-{List.ToString().ToLowerInvariant()}-{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
    }

    /// <summary>The link to another tab, keeping the station and unit filters.</summary>
    public string TabLink(SupervisionList list)
    {
        var query = new List<string> { "list=" + list };
        if (!string.IsNullOrWhiteSpace(Station))
        {
            query.Add("station=" + Uri.EscapeDataString(Station.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(Unit))
        {
            query.Add("unit=" + Uri.EscapeDataString(Unit.Trim()));
        }

        return "/Manage/Supervision?" + string.Join("&", query);
    }

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<SupervisionRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return
            [
                TrackingCodes.Display(r.Code), r.Title, localizer[OpinionLabels.State(r.State)], r.StationName, r.DeputyName, r.LeadUnitName,
                r.Grade is { } grade ? localizer[OpinionLabels.Of(grade)].Value : null, ChinaTime.Minutes(r.ReceivedAt),
                r.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.FeedbackDueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                localizer[OpinionCases.LevelName(r.Supervision)], r.LeaderAttention ? localizer["领导督办"].Value : null,
                r.HandlingRound.ToString(CultureInfo.InvariantCulture),
            ];
        }
    }

    public static string TabName(SupervisionList list) => list switch
    {
        SupervisionList.Overdue => "已超期",
        SupervisionList.DueSoon => "即将到期",
        SupervisionList.Supervised => "重点督办·挂牌督办",
        _ => "领导督办",
    };

    public static string EmptyText(SupervisionList list) => list switch
    {
        SupervisionList.Overdue => "没有超期的意见。",
        SupervisionList.DueSoon => "两个工作日内没有到期的意见。",
        SupervisionList.Supervised => "没有重点督办或挂牌督办的意见。",
        _ => "没有需要领导督办的意见。",
    };
}
