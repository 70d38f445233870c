using System.Globalization;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Roster;

/// <summary>
/// 生成轮值建议: the rotation helper's roster for the quarter as a grid of ticked boxes; staff untick or tick and save,
/// which makes each of those days exactly what is ticked.
/// </summary>
public class ProposeModel(DutyRoster roster, TimeProvider time, IStringLocalizer<SharedResource> localizer) : RosterPageModel(roster, time, localizer)
{
    [BindProperty(SupportsGet = true, Name = "perDay")]
    public int PerDay { get; set; } = Rotation.DefaultPerDay;

    public RosterProposal? Proposal { get; private set; }

    /// <summary>What is ticked: the proposal, or what was sent when the save was refused.</summary>
    public ISet<string> Ticked { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    public static string Cell(DateOnly date, string code) => Day(date) + "|" + code;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Ticked = Proposal!.Days.SelectMany(d => d.Deputies.Select(c => Cell(d.Date, c))).ToHashSet(StringComparer.Ordinal);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string[]? day, string[]? duty, CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        var ticked = (duty ?? []).Select(d => d.Split('|')).Where(p => p.Length == 2).ToList();
        var days = new List<DayDuties>();
        foreach (var text in day ?? [])
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return NotFound();
            }

            days.Add(new DayDuties(date, ticked.Where(p => p[0] == text).Select(p => p[1]).ToList()));
        }

        var result = await Roster.SaveAsync(Scope, Station ?? string.Empty, days, cancellationToken);
        if (Refused(result) is { } refused)
        {
            if (refused is PageResult)
            {
                if (!await LoadAsync(cancellationToken))
                {
                    return NotFound();
                }

                Ticked = (duty ?? []).ToHashSet(StringComparer.Ordinal);
            }

            return refused;
        }

        Done(Localizer["已保存 {0} 个接待日的值班安排。", days.Count]);
        return Redirect(Link("/Manage/Roster"));
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        PerDay = Math.Clamp(PerDay, 1, DutyRoster.MaxPerDay);
        Proposal = Station is null ? null : await Roster.ProposeAsync(Scope, Station, Quarter, PerDay, cancellationToken);
        return Proposal is not null;
    }
}
