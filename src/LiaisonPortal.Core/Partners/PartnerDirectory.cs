using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Partners;

/// <summary>有效 / 已吊销 / 全部.</summary>
public enum PartnerStatusFilter
{
    All = 0,
    Active = 1,
    Revoked = 2,
}

/// <summary>The call log's outcome classes: 成功 2xx, 被拒 4xx, 出错 5xx.</summary>
public enum PartnerCallOutcome
{
    Succeeded = 2,
    Refused = 4,
    Failed = 5,
}

/// <summary>One line of the partner list, with its calls of the last 24 hours and its last call.</summary>
public sealed record PartnerRow(
    int Id, string Name, string KeyPrefix, PartnerOperations Operations, string? IpAllowList, int RateLimitPerMinute, bool HasWebhook,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int CallsLastDay, DateTimeOffset? LastCallAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A partner's settings and state, for its details and edit pages (never the key hash or the secret).</summary>
public sealed record PartnerDetail(
    int Id, string Name, string? Contact, string KeyPrefix, DateTimeOffset KeyIssuedAt, PartnerOperations Operations, string? IpAllowList,
    int RateLimitPerMinute, string? WebhookUrl, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy, uint Version)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>One line of the call log (调用日志).</summary>
public sealed record PartnerCallRow(
    long Id, DateTimeOffset At, string Method, string Path, string Operation, int Status, int DurationMs, string? Address, string? ServiceRequestId, string? Error);

/// <summary>The call log's filters: China-time days (both ends included), the outcome class and the operation.</summary>
public sealed record PartnerCallQuery(DateOnly? From = null, DateOnly? To = null, PartnerCallOutcome? Outcome = null, string? Operation = null);

/// <summary>
/// What admins read about partner systems (对接平台): the list with each one's recent calls, one partner's settings, and
/// its call log with filters, paged or whole for the export. Changes go through <see cref="PartnerSystems"/>.
/// </summary>
public sealed class PartnerDirectory(ApplicationDbContext db, TimeProvider time)
{
    /// <summary>The call log's page size.</summary>
    public const int CallPageSize = 50;

    /// <summary>The operations the Open311 interface logs, in the order the filter lists them.</summary>
    public static IReadOnlyList<string> CallOperations { get; } = ["discovery", "services", "service", "submit", "requests", "request"];

    /// <summary>
    /// The partners by name (a part of it), active first, then by name; each row counts its calls of the last 24 hours and
    /// finds its last call in the same statement (each through the (partner, time) index, not over the whole log).
    /// </summary>
    public async Task<Page<PartnerRow>> ListAsync(string? text, PartnerStatusFilter status, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var since = time.GetUtcNow().AddHours(-24);
        var partners = db.PartnerSystems.AsNoTracking();
        if (SearchPatterns.Contains(text, PartnerSystem.NameMaxLength) is { } pattern)
        {
            partners = partners.Where(p => EF.Functions.ILike(p.Name, pattern, SearchPatterns.Escape));
        }

        partners = status switch
        {
            PartnerStatusFilter.Active => partners.Where(p => p.RevokedAt == null),
            PartnerStatusFilter.Revoked => partners.Where(p => p.RevokedAt != null),
            _ => partners,
        };

        return await partners
            .OrderBy(p => p.RevokedAt != null).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new PartnerRow(
                p.Id, p.Name, p.KeyPrefix, p.Operations, p.IpAllowList, p.RateLimitPerMinute, p.WebhookUrl != null, p.CreatedAt, p.RevokedAt,
                db.PartnerCalls.Count(c => c.PartnerSystemId == p.Id && c.At >= since),
                db.PartnerCalls.Where(c => c.PartnerSystemId == p.Id).OrderByDescending(c => c.At).Select(c => (DateTimeOffset?)c.At).FirstOrDefault()))
            .ToPageAsync(page, cancellationToken);
    }

    public Task<PartnerDetail?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        db.PartnerSystems.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new PartnerDetail(
                p.Id, p.Name, p.Contact, p.KeyPrefix, p.KeyIssuedAt, p.Operations, p.IpAllowList, p.RateLimitPerMinute, p.WebhookUrl,
                p.CreatedAt, p.CreatedBy, p.RevokedAt, p.RevokedBy, p.Version))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>One page (of <see cref="CallPageSize"/>) of the partner's calls, newest first.</summary>
    public Task<Page<PartnerCallRow>> CallsAsync(int partnerId, PartnerCallQuery query, int? pageNumber, CancellationToken cancellationToken = default) =>
        Calls(partnerId, query).ToPageAsync(new PageRequest(pageNumber, CallPageSize), cancellationToken);

    /// <summary>Every call that matches, newest first, streamed for the export.</summary>
    public IAsyncEnumerable<PartnerCallRow> AllCallsAsync(int partnerId, PartnerCallQuery query) => Calls(partnerId, query).AsAsyncEnumerable();

    private IQueryable<PartnerCallRow> Calls(int partnerId, PartnerCallQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var calls = db.PartnerCalls.AsNoTracking().Where(c => c.PartnerSystemId == partnerId);
        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
            calls = calls.Where(c => c.At >= start);
        }

        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
            calls = calls.Where(c => c.At < end);
        }

        if (query.Outcome is { } outcome)
        {
            var low = (int)outcome * 100;
            calls = calls.Where(c => c.Status >= low && c.Status < low + 100);
        }

        if (!string.IsNullOrWhiteSpace(query.Operation))
        {
            var operation = query.Operation.Trim();
            calls = calls.Where(c => c.Operation == operation);
        }

        return calls.OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new PartnerCallRow(c.Id, c.At, c.Method, c.Path, c.Operation, c.Status, c.DurationMs, c.Address, c.ServiceRequestId, c.Error));
    }
}
