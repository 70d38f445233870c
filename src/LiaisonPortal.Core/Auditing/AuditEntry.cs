namespace LiaisonPortal.Core.Auditing;

/// <summary>What an audit entry is about: the filter on the audit page.</summary>
public enum AuditKind
{
    /// <summary>A change to the directory and settings (the interceptor's field-by-field log).</summary>
    Change = 0,

    /// <summary>A sign-in attempt, successful or not.</summary>
    SignIn = 1,

    SignOut = 2,

    /// <summary>An account opened, its role, scope, password, lockout or second factor changed.</summary>
    Account = 3,

    /// <summary>A case (opinion or suggestion) moved through its workflow; the detail is on the case's timeline.</summary>
    CaseMove = 4,

    /// <summary>Personal data shown in full (a citizen's phone number).</summary>
    Reveal = 5,

    /// <summary>A list exported as CSV or a workbook.</summary>
    Export = 6,

    /// <summary>A stored file handed out (an attachment, a citizen's photo).</summary>
    Download = 7,
}

/// <summary>
/// One line of the append-only audit log: who, when, from where, what and the detail. Written only through
/// <see cref="AuditLog"/> (and the <see cref="AuditInterceptor"/>, which uses it); PostgreSQL refuses to update or delete it.
/// </summary>
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

    public const int ActorNameMaxLength = 100;
    public const int EntityKeyMaxLength = 100;
    public const int ActionMaxLength = 20;
    public const int AddressMaxLength = 64;

    internal AuditEntry(
        AuditKind kind, DateTimeOffset at, string? actorId, string actorName, string? address, string entityType, string entityKey, string action, string changes)
    {
        Kind = kind;
        At = at;
        Address = address;
        ActorId = actorId;
        ActorName = actorName;
        EntityType = entityType;
        EntityKey = entityKey;
        Action = action;
        Changes = changes;
    }

    public long Id { get; private set; }

    public AuditKind Kind { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The client's address (after the trusted proxy's X-Forwarded-For); null outside a request.</summary>
    public string? Address { get; private set; }

    /// <summary>The account's id; null for the system (start-up seeding, the command line).</summary>
    public string? ActorId { get; private set; }

    public string ActorName { get; private set; }

    /// <summary>Entity class name, e.g. "Station".</summary>
    public string EntityType { get; private set; }

    /// <summary>The public code where the entity has one, otherwise its key.</summary>
    public string EntityKey { get; private set; }

    /// <summary>Added, Modified or Deleted for changes; otherwise what happened (SignedIn, SignInFailed, RevealPhone, Exported…).</summary>
    public string Action { get; private set; }

    /// <summary>JSON object: for changes property → [old, new] (personal data shows only that it changed); otherwise the detail.</summary>
    public string Changes { get; private set; }
}

/// <summary>Who is making the current change: the signed-in account on the web, the system elsewhere.</summary>
public interface ICurrentActor
{
    string? UserId { get; }

    string Name { get; }

    /// <summary>The client's network address for the audit log; null outside a request.</summary>
    string? Address { get; }
}

public sealed class SystemActor : ICurrentActor
{
    public string? UserId => null;

    public string Name => "系统";

    public string? Address => null;
}
