namespace LiaisonPortal.Core.Notifications;

/// <summary>Delivers one email; throws when it was not accepted, so the outbox tries again later.</summary>
public interface IEmailSender
{
    Task SendAsync(string address, string subject, string body, CancellationToken cancellationToken);
}
