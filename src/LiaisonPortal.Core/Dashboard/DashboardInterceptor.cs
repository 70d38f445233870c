using System.Data.Common;
using System.Runtime.CompilerServices;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LiaisonPortal.Core.Dashboard;

/// <summary>
/// Where the workflow's moves meet the dashboard: every move, intake, assignment, answer, rating and close is saved through
/// SaveChanges, so this one hook sees them all. It notes the station-months of the opinions a save touches and refreshes
/// them (<see cref="DashboardRollups.RefreshAsync"/>) once the change is committed: right after the save, or, inside an
/// explicit transaction, after its commit (nothing after a rollback), on a context and connection of its own. A change to the holiday calendar rebuilds the rollups,
/// since it moves the working days counted. The overdue flag, updated in bulk by the supervision job, is not rolled up:
/// the dashboard counts it live.
/// </summary>
public sealed class DashboardInterceptor(TimeProvider time) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        SavedAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        await SavedAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Failed(eventData.Context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        RefreshAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        return RefreshAsync(eventData.Context, cancellationToken);
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Forget(eventData.Context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var pending = _pending.GetValue(context, _ => new Pending());
        pending.Saving = true;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Opinion opinion when entry.State == EntityState.Added:
                    pending.Entities.Add(opinion);
                    break;
                case Opinion opinion:
                    pending.Keys.Add(DashboardKey.Of(Original<int>(entry, nameof(Opinion.StationId)), Original<DateTimeOffset>(entry, nameof(Opinion.ReceivedAt))));
                    pending.Keys.Add(DashboardKey.Of(opinion.StationId, opinion.ReceivedAt));
                    break;
                case OpinionAssignment or OpinionEvaluation:
                    // The opinion id of a new row may be a temporary one until the save: read it afterwards.
                    pending.Entities.Add(entry.Entity);
                    break;
                case CalendarDay:
                    pending.Rebuild = true;
                    break;
            }
        }
    }

    private static T Original<T>(EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;

    private async Task SavedAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        pending.Saving = false;
        foreach (var entity in pending.Entities)
        {
            switch (entity)
            {
                case Opinion opinion:
                    pending.Keys.Add(DashboardKey.Of(opinion.StationId, opinion.ReceivedAt));
                    break;
                case OpinionAssignment assignment:
                    pending.OpinionIds.Add(assignment.OpinionId);
                    break;
                case OpinionEvaluation evaluation:
                    pending.OpinionIds.Add(evaluation.OpinionId);
                    break;
            }
        }

        pending.Entities.Clear();
        if (context.Database.CurrentTransaction is null)
        {
            await RefreshAsync(context, cancellationToken);
        }
    }

    private async Task RefreshAsync(DbContext? context, CancellationToken cancellationToken)
    {
        // A commit inside SaveChanges (its own transaction) is handled when the save returns.
        if (context is not ApplicationDbContext db || !_pending.TryGetValue(context, out var pending) || pending.Saving)
        {
            return;
        }

        _pending.Remove(context);
        // Its own context and connection: the saving one may still hold the transaction that just committed.
        await using var own = new ApplicationDbContext(db.GetService<DbContextOptions<ApplicationDbContext>>());
        var rollups = new DashboardRollups(own, new WorkingDayCalendar(own), time);
        if (pending.Rebuild)
        {
            await rollups.RebuildAsync(cancellationToken);
            return;
        }

        var keys = pending.Keys.Concat(await rollups.KeysOfAsync(pending.OpinionIds, cancellationToken)).ToList();
        await rollups.RefreshAsync(keys, cancellationToken);
    }

    /// <summary>A failed save wrote nothing; months noted by earlier saves in the same transaction still need their refresh.</summary>
    private void Failed(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = false;
            pending.Entities.Clear();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private sealed class Pending
    {
        public List<object> Entities { get; } = [];

        public HashSet<DashboardKey> Keys { get; } = [];

        public HashSet<int> OpinionIds { get; } = [];

        public bool Rebuild { get; set; }

        public bool Saving { get; set; }
    }
}
