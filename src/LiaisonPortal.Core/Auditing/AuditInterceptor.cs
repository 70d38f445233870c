using System.Globalization;
using System.Text.Json;
using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Performance;
using LiaisonPortal.Core.Reception;
using LiaisonPortal.Core.Suggestions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiaisonPortal.Core.Auditing;

/// <summary>
/// Records who changed what and when for every directory entity, in the same transaction as the change itself.
/// Phone numbers are logged as changed without their values; image bytes are never copied. It also logs, through
/// the same entries: every case move (a step added to an opinion's or a suggestion's timeline, compactly: the timeline
/// has the notes) and every change to an account's role, scope, password, lockout or second factor.
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

    /// <summary>What an account may do and how it signs in; not the bookkeeping (stamps, failed-attempt counts).</summary>
    private static readonly HashSet<string> AccountFields =
    [
        nameof(ApplicationUser.Email), nameof(ApplicationUser.UserName), nameof(ApplicationUser.DisplayName), nameof(ApplicationUser.ScopeKind),
        nameof(ApplicationUser.RegionId), nameof(ApplicationUser.StationId), nameof(ApplicationUser.HandlingUnitId), nameof(ApplicationUser.DeputyId),
        nameof(ApplicationUser.PasswordHash), nameof(ApplicationUser.LockoutEnabled), nameof(ApplicationUser.LockoutEnd), nameof(ApplicationUser.TwoFactorEnabled),
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
        // One pass over the tracker: a large import saves thousands of tracked rows at a time.
        var tracked = context.ChangeTracker.Entries().ToList();
        var entries = tracked
            .Where(e => Audited.Contains(e.Entity.GetType()) && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => Describe(e, now))
            .OfType<AuditEntry>()
            .ToList();
        entries.AddRange(CaseMoves(context, tracked, now));
        entries.AddRange(AccountChanges(context, tracked, now));
        context.AddRange(entries);
    }

    /// <summary>One compact entry per step added to a case's timeline, by whoever the step names (a citizen, the system, staff).</summary>
    private IEnumerable<AuditEntry> CaseMoves(DbContext context, List<EntityEntry> tracked, DateTimeOffset now)
    {
        foreach (var opinion in tracked.Where(e => e.Entity is Opinion).Select(e => e.Context.Entry((Opinion)e.Entity)))
        {
            // Several steps saved together (classify, then assign) each start where the one before ended.
            var from = opinion.State == EntityState.Added ? null : opinion.Property(o => o.State).OriginalValue.ToString();
            foreach (var step in opinion.Entity.Events.Where(e => context.Entry(e).State == EntityState.Added).ToList())
            {
                yield return AuditLog.Entry(
                    new StepActor(step.ActorId, step.ActorName ?? actor.Name, actor.Address), now, AuditKind.CaseMove, nameof(Opinion),
                    opinion.Entity.TrackingCode, step.Action, new SortedDictionary<string, string?>(StringComparer.Ordinal) { ["from"] = from, ["to"] = step.State.ToString() });
                from = step.State.ToString();
            }
        }

        foreach (var suggestion in tracked.Where(e => e.Entity is Suggestion).Select(e => e.Context.Entry((Suggestion)e.Entity)))
        {
            var from = suggestion.State == EntityState.Added ? null : suggestion.Property(o => o.State).OriginalValue.ToString();
            foreach (var step in suggestion.Entity.Events.Where(e => context.Entry(e).State == EntityState.Added).ToList())
            {
                // A draft has no number yet, and a new one no id: its title then.
                var key = suggestion.Entity.Number
                    ?? (suggestion.Entity.Id > 0 ? "#" + suggestion.Entity.Id.ToString(CultureInfo.InvariantCulture) : suggestion.Entity.Title);
                yield return AuditLog.Entry(
                    new StepActor(step.ActorId, step.ActorName ?? actor.Name, actor.Address), now, AuditKind.CaseMove, nameof(Suggestion),
                    key, step.Action, new SortedDictionary<string, string?>(StringComparer.Ordinal) { ["from"] = from, ["to"] = step.State.ToString() });
                from = step.State.ToString();
            }
        }
    }

    /// <summary>Accounts opened, roles given or taken, and changes of what an account may do or how it signs in; secrets show only that they changed.</summary>
    private IEnumerable<AuditEntry> AccountChanges(DbContext context, List<EntityEntry> tracked, DateTimeOffset now)
    {
        foreach (var user in tracked.Where(e => e.Entity is ApplicationUser))
        {
            if (user.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var changes = new SortedDictionary<string, object?[]>(StringComparer.Ordinal);
            foreach (var property in user.Properties.Where(p => AccountFields.Contains(p.Metadata.Name)))
            {
                var changed = user.State switch
                {
                    EntityState.Added => property.CurrentValue is not null,
                    EntityState.Deleted => property.OriginalValue is not null,
                    _ => property.IsModified && !Equals(property.OriginalValue, property.CurrentValue),
                };
                if (changed)
                {
                    var secret = property.Metadata.Name is "PasswordHash";
                    changes[property.Metadata.Name] =
                    [
                        user.State == EntityState.Added ? null : secret ? "（已修改）" : Shown(property.Metadata.Name, property.OriginalValue),
                        user.State == EntityState.Deleted ? null : secret ? "（已修改）" : Shown(property.Metadata.Name, property.CurrentValue),
                    ];
                }
            }

            if (user.State != EntityState.Modified || changes.Count > 0)
            {
                yield return AuditLog.Entry(actor, now, AuditKind.Account, "Account", ((ApplicationUser)user.Entity).UserName ?? ((ApplicationUser)user.Entity).Id, user.State.ToString(), JsonSerializer.Serialize(changes));
            }
        }

        foreach (var membership in tracked.Where(e => e.Entity is IdentityUserRole<string>).Select(e => e.Context.Entry((IdentityUserRole<string>)e.Entity)))
        {
            if (membership.State is not (EntityState.Added or EntityState.Deleted))
            {
                continue;
            }

            var userName = context.Set<ApplicationUser>().Find(membership.Entity.UserId)?.UserName ?? membership.Entity.UserId;
            var role = context.Set<IdentityRole>().Find(membership.Entity.RoleId)?.Name ?? membership.Entity.RoleId;
            yield return AuditLog.Entry(
                actor, now, AuditKind.Account, "Account", userName, membership.State == EntityState.Added ? "RoleAdded" : "RoleRemoved",
                new SortedDictionary<string, string>(StringComparer.Ordinal) { ["role"] = role });
        }
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

        return AuditLog.Entry(actor, now, AuditKind.Change, entry.Entity.GetType().Name, KeyOf(entry), entry.State.ToString(), JsonSerializer.Serialize(changes));
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

/// <summary>The actor a timeline step names (the citizen, the system, a staff member), at the request's address.</summary>
internal sealed record StepActor(string? UserId, string Name, string? Address) : ICurrentActor;
