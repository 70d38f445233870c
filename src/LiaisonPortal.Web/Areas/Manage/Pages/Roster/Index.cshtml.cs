using System.Globalization;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Roster;

/// <summary>值班安排: a station's reception days in a quarter with the deputies on duty; assign, remove and swap.</summary>
public class IndexModel(DutyRoster roster, TimeProvider time, IStringLocalizer<SharedResource> localizer) : RosterPageModel(roster, time, localizer)
{
    public RosterView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssignAsync(string? date, string? deputy, CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        if (!TryDate(date, out var day))
        {
            return NotFound();
        }

        var result = await Roster.AssignAsync(Scope, Station ?? string.Empty, day, deputy ?? string.Empty, cancellationToken);
        return await AfterAsync(result, Localizer["已安排 {0} 的值班。", Day(day)], cancellationToken);
    }

    public async Task<IActionResult> OnPostUnassignAsync(string? date, string? deputy, CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        if (!TryDate(date, out var day))
        {
            return NotFound();
        }

        var result = await Roster.UnassignAsync(Scope, Station ?? string.Empty, day, deputy ?? string.Empty, cancellationToken);
        return await AfterAsync(result, Localizer["已取消 {0} 的一位代表的值班。", Day(day)], cancellationToken);
    }

    public async Task<IActionResult> OnPostSwapAsync(string? date, string? from, string? to, string? reason, CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        if (!TryDate(date, out var day))
        {
            return NotFound();
        }

        var result = await Roster.SwapAsync(Scope, Station ?? string.Empty, day, from ?? string.Empty, to ?? string.Empty, reason, cancellationToken);
        return await AfterAsync(result, Localizer["已记录 {0} 的调换。", Day(day)], cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Core.Management.EditResult result, string message, CancellationToken cancellationToken)
    {
        if (Refused(result) is { } refused)
        {
            return refused is PageResult && !await LoadAsync(cancellationToken) ? NotFound() : refused;
        }

        Done(message);
        return Redirect(Link("/Manage/Roster"));
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        if (Station is null)
        {
            // An account with no active station to keep sees the empty page.
            return Stations.Count == 0;
        }

        View = await Roster.RosterAsync(Scope, Station, Quarter, cancellationToken);
        return View is not null;
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
