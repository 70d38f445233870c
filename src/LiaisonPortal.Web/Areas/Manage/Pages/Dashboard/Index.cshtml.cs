using System.Globalization;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Dashboard;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Web.Hosting;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Dashboard;

/// <summary>一屏纵览: a region's month and year so far on one screen; every figure links to the list behind it.</summary>
[Authorize(Roles = Roles.Admin + "," + Roles.CongressStaff)]
public class IndexModel(OfficeDashboard dashboard) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "month")]
    public int? Month { get; set; }

    public OfficeDashboardView View { get; private set; } = null!;

    public IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var view = await dashboard.ViewAsync(Scope, Region, Year, Month, cancellationToken);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        Region = view.Region.Code;
        Year = view.Period.Year;
        Month = view.Period.Month;
        Regions = await dashboard.RegionsAsync(Scope, cancellationToken);
        return Page();
    }

    public DateOnly MonthFrom => View.Period.MonthStart;

    public DateOnly MonthTo => View.Period.MonthEnd;

    public DateOnly YearFrom => View.Period.YearStart;

    /// <summary>
    /// The opinion list behind a figure: received from..to in the region, with the figure's own condition. The list is
    /// always in the account's scope; the region narrows it to the dashboard's.
    /// </summary>
    public string Opinions(DateOnly from, DateOnly to, params (string Key, string Value)[] more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var query = new Dictionary<string, string?>
        {
            ["region"] = View.Region.Code,
            ["from"] = Day(from),
            ["to"] = Day(to),
        };
        foreach (var (key, value) in more)
        {
            query[key] = value;
        }

        return QueryHelpers.AddQueryString("/Manage/Opinions", query);
    }

    public string Received(DateOnly from, DateOnly to, params (string Key, string Value)[] more) =>
        Opinions(from, to, [("stage", nameof(CaseStage.Counted)), .. more]);

    public string InHandling(DateOnly from, DateOnly to) => Opinions(from, to, ("stage", nameof(CaseStage.Open)));

    public string Overdue(DateOnly from, DateOnly to) => Received(from, to, ("overdue", "true"));

    public string Closed(DateOnly from, DateOnly to, params (string Key, string Value)[] more) =>
        Opinions(from, to, [("state", nameof(OpinionState.Closed)), .. more]);

    /// <summary>The reception ledger of the month (yyyy-MM) or the year (yyyy).</summary>
    public static string Ledger(string period) => QueryHelpers.AddQueryString("/Manage/ReceptionLogs/Ledger", "period", period);

    public string MonthKey => MonthFrom.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public string YearKey => View.Period.Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>The same dashboard for another month (the previous or the next).</summary>
    public string Shifted(int months)
    {
        var month = MonthFrom.AddMonths(months);
        return QueryHelpers.AddQueryString("/Manage/Dashboard", new Dictionary<string, string?>
        {
            ["region"] = View.Region.Code,
            ["year"] = month.Year.ToString(CultureInfo.InvariantCulture),
            ["month"] = month.Month.ToString(CultureInfo.InvariantCulture),
        });
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A length or coordinate in the SVG charts (invariant: a decimal point whatever the culture).</summary>
    public static string Svg(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>An axis label of the SVG chart (Razor reads a literal &lt;text&gt; element as its own).</summary>
    public static HtmlString SvgText(double x, double y, string anchor, string content) =>
        new($"<text x=\"{Svg(x)}\" y=\"{Svg(y)}\" class=\"axis\" text-anchor=\"{HtmlEncoder.Default.Encode(anchor)}\">{HtmlEncoder.Default.Encode(content)}</text>");

    public static string Days(decimal? value) => value is { } v ? Math.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) : "—";
}
