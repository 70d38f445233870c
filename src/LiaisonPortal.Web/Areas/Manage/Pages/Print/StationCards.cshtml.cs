using LiaisonPortal.Core.Management;
using LiaisonPortal.Web.Hosting;
using LiaisonPortal.Web.Qr;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Print;

/// <summary>Every enrolled active deputy's contact card of a station, ten to an A4 sheet with cut lines.</summary>
public class StationCardsModel(Printables printables, QrCodes qrCodes) : ManagePageModel
{
    public const int CardsPerSheet = 10;

    public StationPoster Station { get; private set; } = null!;

    public IReadOnlyList<IReadOnlyList<PrintedCard>> Sheets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var sheet = await printables.StationCardsAsync(Scope, code, cancellationToken);
        if (sheet is null)
        {
            return NotFound();
        }

        Station = sheet.Station;
        Sheets = sheet.Cards.Select(card => new PrintedCard(card, qrCodes.UrlOf(QrTarget.Deputy, card.Code))).Chunk(CardsPerSheet).ToList();
        return Page();
    }
}
