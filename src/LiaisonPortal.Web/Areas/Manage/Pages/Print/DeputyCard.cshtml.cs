using LiaisonPortal.Core.Management;
using LiaisonPortal.Web.Hosting;
using LiaisonPortal.Web.Qr;
using Microsoft.AspNetCore.Mvc;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Print;

/// <summary>A contact card with the URL its QR code holds, for the card partial.</summary>
public sealed record PrintedCard(ContactCard Card, string QrUrl)
{
    /// <summary>The URL without its scheme, printed for whoever cannot scan.</summary>
    public string ShortUrl => QrUrl[(QrUrl.IndexOf("://", StringComparison.Ordinal) + 3)..];
}

/// <summary>One deputy's contact card at card size (85.6 × 54 mm).</summary>
public class DeputyCardModel(Printables printables, QrCodes qrCodes) : ManagePageModel
{
    public PrintedCard Printed { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var card = await printables.ContactCardAsync(Scope, code, cancellationToken);
        if (card is null)
        {
            return NotFound();
        }

        Printed = new PrintedCard(card, qrCodes.UrlOf(QrTarget.Deputy, card.Code));
        return Page();
    }
}
