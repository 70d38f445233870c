using LiaisonPortal.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace LiaisonPortal.Core.Notifications;

/// <summary>
/// Queues messages on the caller's unit of work: they are saved by the caller's SaveChanges, in the same
/// transaction as the change that caused them, and delivered later by the outbox sender.
/// </summary>
public sealed class Outbox(ApplicationDbContext db, IDataProtectionProvider provider, TimeProvider time)
{
    /// <summary>The Data Protection purpose of <see cref="OutboxMessage.RecipientCipher"/>.</summary>
    public const string RecipientPurpose = "LiaisonPortal.Outbox.Recipient.v1";

    private readonly IDataProtector protector = provider.CreateProtector(RecipientPurpose);

    public OutboxMessage Sms(string kind, string phone, string body) => Add(MessageChannel.Sms, kind, phone, null, body);

    public OutboxMessage Email(string kind, string address, string subject, string body) => Add(MessageChannel.Email, kind, address, subject, body);

    /// <summary>
    /// A signed POST of <paramref name="jsonBody"/> to a partner system's webhook <paramref name="url"/>. The event id
    /// (also in the body) is kept as the message's subject and sent as X-Liaison-Event-Id on every attempt, so a receiver
    /// can drop a repeat.
    /// </summary>
    public OutboxMessage Webhook(string kind, int partnerId, string url, string eventId, string jsonBody)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentNullException.ThrowIfNull(jsonBody);
        if (jsonBody.Length > OutboxMessage.BodyMaxLength)
        {
            // Cutting would break the JSON and its signature.
            throw new ArgumentException("A webhook body must fit in an outbox message.", nameof(jsonBody));
        }

        var message = Add(MessageChannel.Webhook, kind, url, eventId, jsonBody);
        message.PartnerSystemId = partnerId;
        return message;
    }

    /// <summary>The recipient in clear, for the sender only.</summary>
    public string RecipientOf(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return protector.Unprotect(message.RecipientCipher);
    }

    private OutboxMessage Add(MessageChannel channel, string kind, string recipient, string? subject, string body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        var message = new OutboxMessage(channel, kind, protector.Protect(recipient), subject, body[..Math.Min(body.Length, OutboxMessage.BodyMaxLength)], time.GetUtcNow());
        db.OutboxMessages.Add(message);
        return message;
    }
}
