using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using LiaisonPortal.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Auditing;

/// <summary>The audit page's filters: kind, account (name or id, also the account tried at sign-in), subject text, China dates.</summary>
public sealed record AuditQuery(AuditKind? Kind = null, string? Account = null, string? Subject = null, DateOnly? From = null, DateOnly? To = null);

public sealed record AuditRow(long Id, DateTimeOffset At, AuditKind Kind, string ActorName, string? ActorId, string? Address, string EntityType, string EntityKey, string Action, string Detail);

/// <summary>Reads the audit log for administrators: newest first, filtered, a page at a time or every row for an export.</summary>
public sealed class AuditTrail(ApplicationDbContext db)
{
    public const int PageSize = 50;
    public const int TextMaxLength = 100;

    public Task<Page<AuditRow>> ListAsync(AuditQuery query, int? pageNumber, CancellationToken cancellationToken = default) =>
        Rows(query).ToPageAsync(new PageRequest(pageNumber, PageSize), cancellationToken);

    /// <summary>Every row that matches, newest first, streamed.</summary>
    public IAsyncEnumerable<AuditRow> AllAsync(AuditQuery query) => Rows(query).AsAsyncEnumerable();

    private IQueryable<AuditRow> Rows(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = db.AuditEntries.AsNoTracking();
        if (query.Kind is { } kind)
        {
            entries = entries.Where(a => a.Kind == kind);
        }

        if (SearchPatterns.Contains(query.Account, TextMaxLength) is { } account)
        {
            var id = query.Account!.Trim();
            // The account tried at a failed sign-in is the entry's subject, so an account's sign-ins are found by its e-mail too.
            entries = entries.Where(a => EF.Functions.ILike(a.ActorName, account, SearchPatterns.Escape)
                || a.ActorId == id
                || ((a.Kind == AuditKind.SignIn || a.Kind == AuditKind.SignOut || a.Kind == AuditKind.Account) && EF.Functions.ILike(a.EntityKey, account, SearchPatterns.Escape)));
        }

        if (SearchPatterns.Contains(query.Subject, TextMaxLength) is { } subject)
        {
            entries = entries.Where(a => EF.Functions.ILike(a.EntityKey, subject, SearchPatterns.Escape) || EF.Functions.ILike(a.EntityType, subject, SearchPatterns.Escape));
        }

        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
            entries = entries.Where(a => a.At >= start);
        }

        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
            entries = entries.Where(a => a.At < end);
        }

        return entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new AuditRow(a.Id, a.At, a.Kind, a.ActorName, a.ActorId, a.Address, a.EntityType, a.EntityKey, a.Action, a.Changes));
    }
}
