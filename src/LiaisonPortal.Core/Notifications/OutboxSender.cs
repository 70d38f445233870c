using System.Globalization;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Notifications;

/// <summary>
/// Delivers due outbox messages, one message per transaction: lock the next due message with FOR UPDATE SKIP LOCKED, hand
/// it to its channel's sender, record the outcome (sent, failed attempt with backoff, or given up) and commit before taking
/// the next. Instances (or workers) sharing the database never take the same message, and a message is marked sent
/// exactly once.
/// <para>
/// The guarantee, honestly: the database cannot commit in the same instant a gateway accepts, so a crash (kill -9, power,
/// a lost connection) after a gateway accepted a message and before its commit leaves it unsent here, and it is sent
/// again after the restart. Committing each message right after its send narrows that window to the one message a worker
/// has in flight (never a whole batch). Every delivery carries a stable idempotency key (<see cref="IdempotencyKey"/>;
/// webhooks carry their event id), the same on every attempt and after any restart, so a receiver that drops a repeated
/// key — as production SMS relays and webhook receivers should — delivers each message exactly once. A receiver that does
/// not de-duplicate may get that one in-flight message twice after a crash: at least once, at most one extra copy per
/// crashed worker.
/// </para>
/// The row lock lasts as long as the delivery of that one message (at most Notifications:Sms:TimeoutSeconds or
/// Notifications:Webhook:TimeoutSeconds); other instances skip it meanwhile.
/// </summary>
public sealed partial class OutboxSender(
    ApplicationDbContext db,
    Outbox outbox,
    ISmsSender sms,
    IEmailSender email,
    IWebhookSender webhooks,
    PartnerSystems partners,
    TimeProvider time,
    ILogger<OutboxSender> logger)
{
    /// <summary>Sends up to <paramref name="batchSize"/> due messages, each committed on its own; answers how many it attempted.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var attempted = 0;
        while (attempted < batchSize && !cancellationToken.IsCancellationRequested && await DispatchNextAsync(cancellationToken))
        {
            attempted++;
        }

        return attempted;
    }

    /// <summary>
    /// The stable key a receiver de-duplicates by: the message's id and creation time (milliseconds), e.g.
    /// "liaison-1234-1767225600123". It is the same on every attempt and after a restart; the creation time keeps it unique
    /// even if ids are reused (a database restored from an older backup, a second portal on the same gateway).
    /// </summary>
    public static string IdempotencyKey(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Create(CultureInfo.InvariantCulture, $"liaison-{message.Id}-{message.CreatedAt.ToUnixTimeMilliseconds()}");
    }

    /// <summary>Locks, sends and records the next due message in its own transaction; false when none is due (or when stopping).</summary>
    private async Task<bool> DispatchNextAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM "OutboxMessages"
                WHERE "SentAt" IS NULL AND "FailedAt" IS NULL AND "NextAttemptAt" <= {now}
                ORDER BY "NextAttemptAt", "Id"
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (due is not [var message])
        {
            return false;
        }

        try
        {
            if (await SendAsync(message, cancellationToken))
            {
                message.MarkSent(time.GetUtcNow());
                LogSent(logger, message.Id, message.Kind, message.Channel, message.Attempts + 1);
            }
            else
            {
                // Nothing left to deliver to (a revoked partner, a removed webhook): given up at once, never sent.
                message.FailedAt = time.GetUtcNow();
                message.LastError = PartnerGoneError;
                LogGaveUp(logger, message.Id, message.Kind, message.Attempts, PartnerGoneError);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: this one was not attempted (rolled back, due again at the next start); the ones before it are committed.
            return false;
        }
        catch (Exception e)
        {
            var error = Describe(e);
            message.MarkAttemptFailed(time.GetUtcNow(), error);
            if (message.FailedAt is null)
            {
                LogAttemptFailed(logger, message.Id, message.Kind, message.Attempts, error, message.NextAttemptAt);
            }
            else
            {
                LogGaveUp(logger, message.Id, message.Kind, message.Attempts, error);
            }
        }

        // Committed at once, even when stopping: a message a gateway accepted must not wait for the rest of a batch.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Hands the message to its channel's sender; false when there is no one to deliver it to any more.</summary>
    private async Task<bool> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        switch (message.Channel)
        {
            case MessageChannel.Sms:
                await sms.SendAsync(outbox.RecipientOf(message), message.Body, IdempotencyKey(message), cancellationToken);
                return true;
            case MessageChannel.Email:
                await email.SendAsync(outbox.RecipientOf(message), message.Subject ?? string.Empty, message.Body, IdempotencyKey(message), cancellationToken);
                return true;
            case MessageChannel.Webhook:
                return await SendWebhookAsync(message, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown channel {message.Channel}.");
        }
    }

    /// <summary>
    /// Delivers a webhook to the partner's current URL with its current secret (a changed URL or a replaced secret applies
    /// to events still queued); a partner revoked or without a webhook since gets nothing. The event id
    /// (X-Liaison-Event-Id, also event_id in the body) is the webhook's idempotency key: the same on every attempt.
    /// </summary>
    private async Task<bool> SendWebhookAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.PartnerSystemId is not { } partnerId
            || await partners.WebhookTargetAsync(partnerId, cancellationToken) is not { } target)
        {
            return false;
        }

        await webhooks.SendAsync(target.Url, message.Subject ?? message.Id.ToString(CultureInfo.InvariantCulture), message.Body, target.Secret, cancellationToken);
        return true;
    }

    /// <summary>The error recorded on a webhook whose partner was revoked or lost its webhook URL after it was queued.</summary>
    public const string PartnerGoneError = "对接平台已吊销或已删除回调地址，不再推送。";

    /// <summary>The exception's type and first line, with anything like a phone number or an address blanked out.</summary>
    internal static string Describe(Exception exception)
    {
        var text = exception.Message.ReplaceLineEndings(" ");
        text = text.Length <= 300 ? text : text[..300];
        text = EmailLike().Replace(PhoneLike().Replace(text, "***"), "***");
        return $"{exception.GetType().Name}: {text}";
    }

    [GeneratedRegex(@"\+?\d[\d \-]{5,}\d")]
    private static partial Regex PhoneLike();

    [GeneratedRegex(@"[^\s@]+@[^\s@]+")]
    private static partial Regex EmailLike();

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {MessageId} ({Kind}, {Channel}) sent at attempt {Attempt}")]
    private static partial void LogSent(ILogger logger, long messageId, string kind, MessageChannel channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Kind}) failed attempt {Attempts}: {Error}; next attempt at {NextAttemptAt}")]
    private static partial void LogAttemptFailed(ILogger logger, long messageId, string kind, int attempts, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} ({Kind}) given up after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long messageId, string kind, int attempts, string error);
}
