using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Auditing;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LiaisonPortal.Core.Management;

/// <summary>One change in a record's history, for the edit pages: who, when, and the names of the properties changed.</summary>
public sealed record ChangeRecord(DateTimeOffset At, string ActorName, string Action, IReadOnlyList<string> Fields);

/// <summary>Active, closed, or both, for the staff lists.</summary>
public enum ActiveFilter
{
    All = 0,
    Active = 1,
    Inactive = 2,
}

/// <summary>
/// Staff changes to the directory: stations, deputies and handling units, each scoped through <see cref="ScopeDirectory"/>
/// (a record outside the caller's scope is "not found"), validated by <see cref="DirectoryRules"/>, guarded by
/// optimistic concurrency, and recorded in the change log by the audit interceptor.
/// </summary>
public sealed partial class DirectoryEditor(ApplicationDbContext db, ScopeDirectory scopes, ICurrentActor actor, TimeProvider time)
{
    public const string ConcurrencyMessage = "保存失败：这条记录刚被其他人修改过。请重新打开页面，看过最新内容后再改。";

    public const int HistoryLength = 20;

    /// <summary>The latest changes of one record, newest first.</summary>
    public async Task<IReadOnlyList<ChangeRecord>> HistoryAsync(string entityType, string key, CancellationToken cancellationToken = default)
    {
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityKey == key)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(HistoryLength)
            .Select(a => new { a.At, a.ActorName, a.Action, a.Changes })
            .ToListAsync(cancellationToken);
        return entries.Select(a =>
        {
            using var changes = System.Text.Json.JsonDocument.Parse(a.Changes);
            return new ChangeRecord(a.At, a.ActorName, a.Action, changes.RootElement.EnumerateObject().Select(p => p.Name).ToList());
        }).ToList();
    }

    /// <summary>Every region in the scope, tree-ordered, for the forms' region choices and the lists' filters.</summary>
    public async Task<IReadOnlyList<RegionOption>> RegionChoicesAsync(StaffScope scope, CancellationToken cancellationToken = default) =>
        await scopes.Regions(scope).AsNoTracking().OrderBy(r => r.Path)
            .Select(r => new RegionOption(r.Code, r.Name, r.Level)).ToListAsync(cancellationToken);


    /// <summary>Saves, turning what the database refuses into messages: a taken code, a reference, a concurrent edit.</summary>
    private async Task<EditResult?> SaveAsync(string codeField, string codeLabel, string? code, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(string.Empty, ConcurrencyMessage);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(codeField, $"{codeLabel} {code} 已被使用，请换一个。");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid(string.Empty, "不能删除：还有其他记录引用它。请改为停用（关闭），历史记录会保留。");
        }
    }
}
