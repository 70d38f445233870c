using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Roster;

/// <summary>The quarter's roster on an A4 sheet, for the station's notice board.</summary>
public class PrintModel(DutyRoster roster, TimeProvider time, IStringLocalizer<SharedResource> localizer) : RosterPageModel(roster, time, localizer)
{
    public RosterView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        var view = Station is null ? null : await Roster.RosterAsync(Scope, Station, Quarter, cancellationToken);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
