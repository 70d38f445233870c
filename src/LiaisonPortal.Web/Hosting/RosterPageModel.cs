using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Reception;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Base of the roster pages: the chosen station and quarter from the address, and the service's refusals as messages.</summary>
public abstract class RosterPageModel(DutyRoster roster, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "station")]
    public string? Station { get; set; }

    [BindProperty(SupportsGet = true, Name = "quarter")]
    public string? QuarterText { get; set; }

    public IReadOnlyList<RosterStation> Stations { get; private set; } = [];

    public Quarter Quarter { get; private set; }

    /// <summary>The quarter before, this one and the next three, for the picker.</summary>
    public IReadOnlyList<Quarter> Quarters
    {
        get
        {
            var current = Quarter.Of(ChinaTime.Today(time));
            return [current.Previous, current, current.Next, current.Next.Next, current.Next.Next.Next];
        }
    }

    protected DutyRoster Roster => roster;

    protected IStringLocalizer<SharedResource> Localizer => localizer;

    public static string Label(Quarter quarter) => string.Create(CultureInfo.InvariantCulture, $"{quarter.Year} Q{quarter.Number}");

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Link(string page, Quarter? quarter = null) =>
        page + "?station=" + Uri.EscapeDataString(Station ?? string.Empty) + "&quarter=" + (quarter ?? Quarter);

    /// <summary>Reads the station (the first one the account keeps when none is chosen) and the quarter (this one by default).</summary>
    protected async Task ChooseAsync(CancellationToken cancellationToken)
    {
        Stations = await roster.StationChoicesAsync(Scope, cancellationToken);
        if (string.IsNullOrWhiteSpace(Station))
        {
            Station = Stations.Count > 0 ? Stations[0].Code : null;
        }

        Station = Station?.Trim();
        Quarter = Quarter.TryParse(QuarterText, out var quarter) ? quarter : Quarter.Of(ChinaTime.Today(time));
    }

    /// <summary>The refusal's messages on the page (localized), or null when the change was made.</summary>
    protected IActionResult? Refused(EditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // The roster's forms have no field spans: every message goes to the top of the page.
        return Failure(result with { Errors = result.Errors.Select(e => new FieldError(string.Empty, localizer[e.Message])).ToList() });
    }

    public static string StatusName(DutyStatus status) => status switch
    {
        DutyStatus.Confirmed => "已确认",
        DutyStatus.Swapped => "已调换",
        _ => "待确认",
    };

    public static string StatusBadge(DutyStatus status) => status switch
    {
        DutyStatus.Confirmed => "text-bg-success",
        DutyStatus.Swapped => "text-bg-secondary",
        _ => "text-bg-warning",
    };
}
