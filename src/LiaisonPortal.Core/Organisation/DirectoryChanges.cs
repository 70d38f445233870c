using System.Runtime.CompilerServices;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Reception;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Primitives;

namespace LiaisonPortal.Core.Organisation;

/// <summary>
/// The one signal that what citizens see of the directory changed: a deputy, station, region, membership, photo,
/// category, or the reception calendar and rosters. Caches of public data (the QR landing page's address and categories,
/// the output cache of the public pages) attach <see cref="Watch"/> to their entries and are dropped when it fires. It
/// fires from <see cref="DirectoryChangeInterceptor"/>, which sees every save of those entities (they are all saved
/// through SaveChanges: none is updated in bulk), and again at the commit of an explicit transaction, so that an entry
/// cached between the save and the commit (from the old, still committed rows) is dropped as well. One process: other
/// instances sharing the database see a change when their entries expire (callers keep them short).
/// </summary>
public sealed class DirectoryChanges : IDisposable
{
    private CancellationTokenSource _current = new();
    private long _version;

    /// <summary>Increases with every change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>A token that fires at the next change. Take it BEFORE reading what it guards.</summary>
    public IChangeToken Watch() => new CancellationChangeToken(Volatile.Read(ref _current).Token);

    /// <summary>Signals a change: every token handed out so far fires.</summary>
    public void Changed()
    {
        Interlocked.Increment(ref _version);
        var previous = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        // Not disposed: a reader may have fetched it just before the exchange (a source without a timer holds nothing to free).
        previous.Cancel();
    }

    public void Dispose() => _current.Dispose();
}

/// <summary>Calls <see cref="DirectoryChanges.Changed"/> after a save that touched public directory data, and at its transaction's commit.</summary>
public sealed class DirectoryChangeInterceptor(DirectoryChanges changes) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>The entities the public pages show (the directory, its photos and categories, reception rules, days and rosters).</summary>
    private static readonly HashSet<Type> Public =
    [
        typeof(Region), typeof(Station), typeof(StationStandardCheck), typeof(Deputy), typeof(DeputyStation), typeof(DeputyPhoto),
        typeof(Category), typeof(CalendarDay), typeof(ReceptionRule), typeof(DutyAssignment), typeof(DeputyUnavailability),
    ];

    /// <summary>Contexts whose save touched public data inside a transaction not yet committed.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    /// <summary>Contexts whose current save touches public data (decided before the save, when the entries are still Added/Modified/Deleted).</summary>
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Failed(eventData.Context);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Committed(eventData.Context);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            _pending.Remove(context);
        }
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        if (context.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Public.Contains(e.Metadata.ClrType)))
        {
            _saving.AddOrUpdate(context, context);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out _))
        {
            return;
        }

        _saving.Remove(context);
        if (context.Database.CurrentTransaction is not null)
        {
            _pending.AddOrUpdate(context, context);
        }

        changes.Changed();
    }

    private void Failed(DbContext? context)
    {
        if (context is not null)
        {
            _saving.Remove(context);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            changes.Changed();
        }
    }
}
