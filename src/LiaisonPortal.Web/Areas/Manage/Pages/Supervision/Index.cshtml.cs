using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Supervision;

/// <summary>督办: the overdue, due-soon, key/flagged and leaders' lists of the account's scope, narrowed to a station or unit.</summary>
public class IndexModel(Core.Opinions.Supervision supervision) : ManagePageModel
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
