namespace LiaisonPortal.Core.Partners;

/// <summary>Delivers one webhook event; throws when the receiver did not accept it (the outbox then tries again later).</summary>
public interface IWebhookSender
{
    Task SendAsync(Uri url, string eventId, string body, string secret, CancellationToken cancellationToken);
}
