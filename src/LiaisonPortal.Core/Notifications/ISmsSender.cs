namespace LiaisonPortal.Core.Notifications;

/// <summary>Delivers one text message; throws when it was not accepted, so the outbox tries again later.</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken cancellationToken);
}
