namespace LiaisonPortal.Core.Auditing;

/// <summary>One change to the directory: who, when, what and which fields. Written by <see cref="AuditInterceptor"/>.</summary>
public class AuditEntry
{
    private AuditEntry()
    {
        EntityType = string.Empty;
        EntityKey = string.Empty;
        Action = string.Empty;
        ActorName = string.Empty;
        Changes = string.Empty;
    }

    public AuditEntry(DateTimeOffset at, string? actorId, string actorName, string entityType, string entityKey, string action, string changes)
    {
        At = at;
        ActorId = actorId;
        ActorName = actorName;
        EntityType = entityType;
        EntityKey = entityKey;
        Action = action;
        Changes = changes;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The account's id; null for the system (start-up seeding, the command line).</summary>
    public string? ActorId { get; private set; }

    public string ActorName { get; private set; }

    /// <summary>Entity class name, e.g. "Station".</summary>
    public string EntityType { get; private set; }

    /// <summary>The public code where the entity has one, otherwise its key.</summary>
    public string EntityKey { get; private set; }

    /// <summary>Added, Modified or Deleted.</summary>
    public string Action { get; private set; }

    /// <summary>JSON object: property → [old, new]; personal data shows only that it changed.</summary>
    public string Changes { get; private set; }
}

/// <summary>Who is making the current change: the signed-in account on the web, the system elsewhere.</summary>
public interface ICurrentActor
{
    string? UserId { get; }

    string Name { get; }
}

public sealed class SystemActor : ICurrentActor
{
    public string? UserId => null;

    public string Name => "系统";
}
