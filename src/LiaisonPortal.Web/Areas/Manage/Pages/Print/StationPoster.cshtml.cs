using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Web.Hosting;
using LiaisonPortal.Web.Qr;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Print;

/// <summary>A station's A4 door poster with its QR code.</summary>
public class StationPosterModel(Printables printables, QrCodes qrCodes, PublicReception reception) : ManagePageModel
{
    public StationPoster Station { get; private set; } = null!;

    public string QrUrl { get; private set; } = string.Empty;

    /// <summary>The station's recurring rules and next day (empty for a closed station).</summary>
    public StationSchedule Schedule { get; private set; } = new([], []);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var station = await printables.StationPosterAsync(Scope, code, cancellationToken);
        if (station is null)
        {
            return NotFound();
        }

        Station = station;
        Schedule = await reception.ScheduleAsync(station.Code, 1, cancellationToken) ?? Schedule;
        QrUrl = qrCodes.UrlOf(QrTarget.Station, station.Code);
        return Page();
    }
}
