namespace LiaisonPortal.Core.Notifications;

/// <summary>Delivers one text message; throws when it was not accepted, so the outbox tries again later.</summary>
public interface ISmsSender
{
    /// <param name="idempotencyKey">
    /// The message's stable key (<see cref="OutboxSender.IdempotencyKey"/>), the same on every attempt: a sender passes it
    /// on so the gateway can drop a repeat of a message it already accepted (after a crash before the outbox's commit).
    /// </param>
    Task SendAsync(string phone, string text, string idempotencyKey, CancellationToken cancellationToken);
}
