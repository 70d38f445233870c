using System.Runtime.CompilerServices;
using System.Text.Json;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Core.Opinions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiaisonPortal.Core.Partners;

/// <summary>
/// Queues the partner webhooks: when a save changes the state of an opinion a partner system submitted, it adds one
/// outbox message ("open311.status") to that same save, so the event commits or rolls back with the change. Every change
/// of the workflow state counts, not only open↔closed (the partner then reads requests/{id}.json for the details), and so
/// does the answer reaching a merged opinion from the case it joined (its status turns closed); several
/// moves in one save make one event with the state they leave. A new opinion makes none: the partner has the POST's answer.
/// Only partners that are not revoked and have a webhook URL get one; that costs one query, and only in saves that change
/// a partner's opinion's state. When the save fails, the messages it queued are taken back, so a retried save queues once.
/// </summary>
public sealed class PartnerWebhookInterceptor(IDataProtectionProvider protection, TimeProvider time) : SaveChangesInterceptor
{
    public const string Kind = "open311.status";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly ConditionalWeakTable<DbContext, List<OutboxMessage>> _queued = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context && Changed(context) is { Count: > 0 } changes)
        {
            var partnerIds = changes.Select(c => c.PartnerId).Distinct().ToList();
            Queue(context, changes, Targets(context, partnerIds).ToDictionary(p => p.Id, p => p.WebhookUrl!));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is ApplicationDbContext context && Changed(context) is { Count: > 0 } changes)
        {
            var partnerIds = changes.Select(c => c.PartnerId).Distinct().ToList();
            Queue(context, changes, await Targets(context, partnerIds).ToDictionaryAsync(p => p.Id, p => p.WebhookUrl!, cancellationToken));
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Done(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Done(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        TakeBack(eventData.Context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        TakeBack(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        TakeBack(eventData.Context);
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        TakeBack(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>The partners' opinions whose state this save changes (their entries compare the loaded state with the new one).</summary>
    private static List<(Opinion Opinion, int PartnerId)> Changed(DbContext context)
    {
        var changes = new List<(Opinion, int)>();
        foreach (var entry in context.ChangeTracker.Entries<Opinion>())
        {
            if (entry.State == EntityState.Modified && entry.Entity.PartnerSystemId is { } partnerId)
            {
                var state = entry.Property(o => o.State);
                var fedBack = entry.Property(o => o.FedBackAt);
                // A merged opinion does not move itself: it closes when the case it joined is fed back and the answer is copied to it.
                var mergedAnswered = entry.Entity.State == OpinionState.Merged && fedBack.CurrentValue is not null && fedBack.OriginalValue != fedBack.CurrentValue;
                if (state.OriginalValue != state.CurrentValue || mergedAnswered)
                {
                    changes.Add((entry.Entity, partnerId));
                }
            }
        }

        return changes;
    }

    private static IQueryable<PartnerSystem> Targets(DbContext context, List<int> partnerIds) =>
        context.Set<PartnerSystem>().AsNoTracking()
            .Where(p => partnerIds.Contains(p.Id) && p.RevokedAt == null && p.WebhookUrl != null);

    private void Queue(ApplicationDbContext context, List<(Opinion Opinion, int PartnerId)> changes, Dictionary<int, string> urls)
    {
        if (urls.Count == 0)
        {
            return;
        }

        var outbox = new Outbox(context, protection, time);
        var queued = _queued.GetOrCreateValue(context);
        foreach (var (opinion, partnerId) in changes)
        {
            if (urls.TryGetValue(partnerId, out var url))
            {
                var statusEvent = StatusEvent.Of(opinion, Guid.CreateVersion7(time.GetUtcNow()).ToString());
                queued.Add(outbox.Webhook(Kind, partnerId, url, statusEvent.EventId, JsonSerializer.Serialize(statusEvent, Json)));
            }
        }
    }

    private void Done(DbContext? context)
    {
        if (context is not null)
        {
            _queued.Remove(context);
        }
    }

    private void TakeBack(DbContext? context)
    {
        if (context is null || !_queued.TryGetValue(context, out var queued))
        {
            return;
        }

        foreach (var message in queued)
        {
            var entry = context.Entry(message);
            if (entry.State == EntityState.Added)
            {
                entry.State = EntityState.Detached;
            }
        }

        _queued.Remove(context);
    }

    /// <summary>The webhook's body: which request, its status and state, and when; nothing about the citizen or the text.</summary>
    private sealed record StatusEvent(string EventId, string Event, string ServiceRequestId, string Status, string State, string UpdatedDatetime)
    {
        public static StatusEvent Of(Opinion opinion, string eventId) => new(
            eventId, Kind, opinion.TrackingCode, Open311Status.Of(opinion), Open311Status.StateName(opinion.State), Open311Status.Timestamp(opinion.UpdatedAt));
    }
}
