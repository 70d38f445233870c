using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Roster;

/// <summary>值班安排: a station's reception days in a quarter with the deputies on duty; assign, remove and swap; the quarter's roster as CSV or Excel.</summary>
public class IndexModel(DutyRoster roster, TimeProvider time, IStringLocalizer<SharedResource> localizer) : RosterPageModel(roster, time, localizer)
{
    public RosterView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>The chosen station's roster for the quarter, one line per duty (or per day nobody is on), as CSV (UTF-8 with BOM) or, with format=xlsx, a workbook; streamed.</summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        var lines = Station is null ? null : await Roster.RosterLinesAsync(Scope, Station, Quarter, cancellationToken);
        if (lines is null)
        {
            return NotFound();
        }

        string[] headers =
        [
            Localizer["接待日"], Localizer["时间"], Localizer["主题"], Localizer["代表编号"], Localizer["值班代表"], Localizer["状态"], Localizer["确认时间"],
            Localizer["原值班代表"], Localizer["备注"],
        ];
        return TableExport.Result(new ExportTable(Localizer["值班表"], headers, RowsAsync(lines)), format, $"roster-{Station}-{Quarter}");
    }

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

    private async IAsyncEnumerable<IReadOnlyList<string?>> RowsAsync(IAsyncEnumerable<RosterLine> lines)
    {
        await foreach (var line in lines)
        {
            yield return
            [
                Day(line.Date),
                line.Start is { } start && line.End is { } end
                    ? start.ToString("HH:mm", CultureInfo.InvariantCulture) + "–" + end.ToString("HH:mm", CultureInfo.InvariantCulture)
                    : null,
                line.Topic, line.DeputyCode, line.DeputyName, line.Status is { } status ? Localizer[StatusName(status)].Value : null,
                line.ConfirmedAt is { } confirmed ? ChinaTime.Minutes(confirmed) : null, line.ReplacesName,
                !line.IsReceptionDay ? Localizer["已不是接待日"].Value : line.DeputyCode is null ? Localizer["未安排"].Value : null,
            ];
        }
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
