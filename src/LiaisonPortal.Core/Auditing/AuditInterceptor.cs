using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiaisonPortal.Core.Auditing;

/// <summary>
/// Records who changed what and when for every directory entity, in the same transaction as the change itself.
/// Phone numbers are logged as changed without their values; image bytes are never copied.
/// </summary>
public sealed class AuditInterceptor(ICurrentActor actor, TimeProvider time) : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Audited =
    [
        typeof(Region), typeof(Station), typeof(StationStandardCheck), typeof(Deputy), typeof(DeputyStation), typeof(DeputyPhoto),
        typeof(HandlingUnit), typeof(Category), typeof(CalendarDay),
        typeof(DeadlineRule), typeof(ReplyTemplate), typeof(ClassificationRule),
        typeof(ReceptionRule), typeof(SuggestionBatch), typeof(PointRule), typeof(DeputyActivity), typeof(Partners.PartnerSystem),
    ];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var now = time.GetUtcNow();
        var entries = context.ChangeTracker.Entries()
            .Where(e => Audited.Contains(e.Entity.GetType()) && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => Describe(e, now))
            .OfType<AuditEntry>()
            .ToList();
        context.AddRange(entries);
    }

    private AuditEntry? Describe(EntityEntry entry, DateTimeOffset now)
    {
        var changes = new SortedDictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name is "Id" or "Version")
            {
                continue;
            }

            var changed = entry.State switch
            {
                EntityState.Added => property.CurrentValue is not null,
                EntityState.Deleted => property.OriginalValue is not null,
                _ => property.IsModified && !Equals(property.OriginalValue, property.CurrentValue),
            };
            if (changed)
            {
                changes[name] =
                [
                    entry.State == EntityState.Added ? null : Shown(name, property.OriginalValue),
                    entry.State == EntityState.Deleted ? null : Shown(name, property.CurrentValue),
                ];
            }
        }

        if (entry.State == EntityState.Modified && changes.Count == 0)
        {
            return null;
        }

        return new AuditEntry(
            now, actor.UserId, actor.Name, entry.Entity.GetType().Name, KeyOf(entry), entry.State.ToString(), JsonSerializer.Serialize(changes));
    }

    private static object? Shown(string property, object? value) => value switch
    {
        null => null,
        _ when property.Contains("Phone", StringComparison.Ordinal) => "（已修改）",
        // A partner's key hash and webhook secret: that they changed, never their values.
        _ when property is "KeyHash" or "WebhookSecretCipher" => "（已修改）",
        byte[] bytes => $"{bytes.Length} bytes",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => value,
    };

    private static string KeyOf(EntityEntry entry) => entry.Entity switch
    {
        Region r => r.Code,
        Station s => s.Code,
        Deputy d => d.Code,
        HandlingUnit u => u.Code,
        Category c => c.Code,
        CalendarDay day => day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DeadlineRule rule => rule.Grade.ToString(),
        ReplyTemplate template => $"{template.Kind}/{template.Name}",
        ClassificationRule rule => rule.Keyword,
        DeputyStation e => $"{e.Deputy?.Code ?? e.DeputyId.ToString(CultureInfo.InvariantCulture)}@{e.Station?.Code ?? e.StationId.ToString(CultureInfo.InvariantCulture)}",
        StationStandardCheck c => $"{c.StationId.ToString(CultureInfo.InvariantCulture)}/{c.Item}",
        DeputyPhoto p => p.DeputyId.ToString(CultureInfo.InvariantCulture),
        SuggestionBatch b => string.Create(CultureInfo.InvariantCulture, $"{b.RegionId}/{b.Year}-{b.Name}"),
        ReceptionRule rule => string.Create(CultureInfo.InvariantCulture, $"{(rule.StationId is { } station ? "station " + station : "region " + rule.RegionId)}/{rule.Kind}/{rule.Id}"),
        PointRule rule => string.Create(CultureInfo.InvariantCulture, $"{rule.Year}/{rule.Fact}"),
        DeputyActivity activity => string.Create(CultureInfo.InvariantCulture, $"{activity.Kind}/{activity.Date:yyyy-MM-dd}/{activity.Id}"),
        Partners.PartnerSystem partner => partner.Name,
        _ => string.Empty,
    };
}
