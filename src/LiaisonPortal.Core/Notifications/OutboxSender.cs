using System.Globalization;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Notifications;

/// <summary>
/// Delivers due outbox messages. One transaction locks a batch with FOR UPDATE SKIP LOCKED, sends each through its
/// channel's sender and records the outcome, so several instances (or workers) sharing the database never take the
/// same message: a message is marked sent exactly once. A crash between a gateway's acceptance and the commit means
/// the message is sent again on the next run: delivery is at least once, marking exactly once. Webhooks are POSTed inside
/// that transaction too, so a batch's locks last as long as its deliveries (at most BatchSize ×
/// Notifications:Webhook:TimeoutSeconds with receivers that hang); other instances skip the locked rows meanwhile.
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
    /// <summary>Sends up to <paramref name="batchSize"/> due messages; answers how many it attempted.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM "OutboxMessages"
                WHERE "SentAt" IS NULL AND "FailedAt" IS NULL AND "NextAttemptAt" <= {now}
                ORDER BY "NextAttemptAt", "Id"
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        var attempted = 0;
        foreach (var message in due)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
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
                // Shutting down: this one was not attempted; keep what the others' attempts did.
                break;
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

            attempted++;
        }

        // Recorded even when stopping: a message a gateway accepted must not be sent again.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return attempted;
    }

    /// <summary>Hands the message to its channel's sender; false when there is no one to deliver it to any more.</summary>
    private async Task<bool> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        switch (message.Channel)
        {
            case MessageChannel.Sms:
                await sms.SendAsync(outbox.RecipientOf(message), message.Body, cancellationToken);
                return true;
            case MessageChannel.Email:
                await email.SendAsync(outbox.RecipientOf(message), message.Subject ?? string.Empty, message.Body, cancellationToken);
                return true;
            case MessageChannel.Webhook:
                return await SendWebhookAsync(message, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown channel {message.Channel}.");
        }
    }

    /// <summary>
    /// Delivers a webhook to the partner's current URL with its current secret (a changed URL or a replaced secret applies
    /// to events still queued); a partner revoked or without a webhook since gets nothing.
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
