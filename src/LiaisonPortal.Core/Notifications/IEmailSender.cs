namespace LiaisonPortal.Core.Notifications;

/// <summary>Delivers one email; throws when it was not accepted, so the outbox tries again later.</summary>
public interface IEmailSender
{
    /// <param name="idempotencyKey">
    /// The message's stable key (<see cref="OutboxSender.IdempotencyKey"/>), the same on every attempt: a mail sender puts it
    /// in the Message-ID, so a repeat after a crash is recognisable as the same mail.
    /// </param>
    Task SendAsync(string address, string subject, string body, string idempotencyKey, CancellationToken cancellationToken);
}
