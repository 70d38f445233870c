using System.Text.Json;
using LiaisonPortal.Core.Data;

namespace LiaisonPortal.Core.Auditing;

/// <summary>
/// The one writer of the audit log. <see cref="Add"/> puts an entry into the caller's unit of work (saved, or not,
/// with the change it describes); <see cref="WriteAsync"/> saves it at once, for events that change nothing else
/// (a phone shown, a list exported). The log is append-only: nothing here or elsewhere updates or deletes an entry,
/// and PostgreSQL's trigger (migration AuditTrail) refuses it. Passwords and phone numbers are never written.
/// </summary>
public sealed class AuditLog(ApplicationDbContext db, ActingActor actor, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Adds an entry by the current actor to the pending changes; the caller's SaveChanges writes it.</summary>
    public void Add(AuditKind kind, string entityType, string entityKey, string action, object? detail = null) =>
        db.AuditEntries.Add(Entry(actor, time.GetUtcNow(), kind, entityType, entityKey, action, detail));

    /// <summary>Writes an entry by the current actor now.</summary>
    public async Task WriteAsync(AuditKind kind, string entityType, string entityKey, string action, object? detail = null, CancellationToken cancellationToken = default)
    {
        Add(kind, entityType, entityKey, action, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Writes an entry for someone other than the request's signed-in account: the account trying to sign in, or signing
    /// out. Identity saves each change to the account at once, so anything still pending here is a save it could not make
    /// (another sign-in changed the account first); it is dropped, not retried with the entry.
    /// </summary>
    public async Task WriteForAsync(
        string? actorId, string actorName, AuditKind kind, string entityType, string entityKey, string action, object? detail = null, CancellationToken cancellationToken = default)
    {
        await db.DiscardUnsavedAsync(cancellationToken);
        db.AuditEntries.Add(Entry(new Named(actorId, actorName, actor.Address), time.GetUtcNow(), kind, entityType, entityKey, action, detail));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The entry itself, cut to the columns' lengths; also what the <see cref="AuditInterceptor"/> adds.</summary>
    internal static AuditEntry Entry(ICurrentActor by, DateTimeOffset at, AuditKind kind, string entityType, string entityKey, string action, object? detail) =>
        new(
            kind,
            at,
            by.UserId,
            Cut(by.Name, AuditEntry.ActorNameMaxLength),
            by.Address is { } address ? Cut(address, AuditEntry.AddressMaxLength) : null,
            Cut(entityType, 50),
            Cut(entityKey, AuditEntry.EntityKeyMaxLength),
            Cut(action, AuditEntry.ActionMaxLength),
            detail switch
            {
                null => "{}",
                string text => text,
                _ => JsonSerializer.Serialize(detail, Json),
            });

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed record Named(string? UserId, string Name, string? Address) : ICurrentActor;
}
