namespace LiaisonPortal.Core.Notifications;

public enum MessageChannel
{
    Sms = 1,
    Email = 2,

    /// <summary>A signed POST to a partner system's webhook URL (the recipient); <see cref="OutboxMessage.PartnerSystemId"/> names the partner whose secret signs it.</summary>
    Webhook = 3,
}

/// <summary>
/// One message to a citizen or a staff member, written in the same transaction as the change that caused it and
/// delivered later by the outbox sender. The recipient is encrypted; the text carries no personal data.
/// </summary>
public class OutboxMessage
{
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 1000;
    public const int KindMaxLength = 50;
    public const int MaxAttempts = 8;
    public const int LastErrorMaxLength = 500;

    private OutboxMessage()
    {
        RecipientCipher = string.Empty;
        Body = string.Empty;
        Kind = string.Empty;
    }

    public OutboxMessage(MessageChannel channel, string kind, string recipientCipher, string? subject, string body, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientCipher);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        Channel = channel;
        Kind = kind;
        RecipientCipher = recipientCipher;
        Subject = subject;
        Body = body;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public long Id { get; private set; }

    public MessageChannel Channel { get; private set; }

    /// <summary>What caused it, e.g. "opinion.received": for statistics and the operations page.</summary>
    public string Kind { get; private set; }

    public string RecipientCipher { get; private set; }

    public string? Subject { get; private set; }

    public string Body { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; internal set; }

    public int Attempts { get; internal set; }

    public DateTimeOffset? SentAt { get; internal set; }

    /// <summary>Set when the sender gave up after <see cref="MaxAttempts"/> attempts.</summary>
    public DateTimeOffset? FailedAt { get; internal set; }

    public string? LastError { get; internal set; }

    /// <summary>For webhooks: the partner system it goes to.</summary>
    public int? PartnerSystemId { get; set; }

    /// <summary>The wait after the given number of failed attempts: 30 s, doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(attempts, 1) - 1), TimeSpan.FromHours(1).TotalSeconds));

    internal void MarkSent(DateTimeOffset now) => SentAt = now;

    /// <summary>Counts a failed attempt: try again after the backoff, or give up after <see cref="MaxAttempts"/>.</summary>
    internal void MarkAttemptFailed(DateTimeOffset now, string error)
    {
        Attempts++;
        LastError = error.Length <= LastErrorMaxLength ? error : error[..LastErrorMaxLength];
        if (Attempts >= MaxAttempts)
        {
            FailedAt = now;
        }
        else
        {
            NextAttemptAt = now + Backoff(Attempts);
        }
    }
}
