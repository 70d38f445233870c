using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Roster;

/// <summary>
/// 年度接待底线 (000/003): deputies in the scope with no reception this year (no duty, no check-in), per station. Shown all
/// year; it is a warning in the fourth quarter, when there is little time left.
/// </summary>
public class MinimumModel(DutyRoster roster, TimeProvider time) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    public IReadOnlyList<MinimumRow> Rows { get; private set; } = [];

    public int ShownYear { get; private set; }

    public bool IsFourthQuarter { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        ShownYear = Year is >= 2000 and <= 2100 ? Year.Value : today.Year;
        IsFourthQuarter = ShownYear == today.Year && today.Month >= 10;
        Rows = await roster.YearlyMinimumAsync(Scope, ShownYear, cancellationToken);
    }
}
