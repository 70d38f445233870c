using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Opinions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiaisonPortal.Core.Dashboard;

/// <summary>
/// Where the workflow's moves meet the dashboard: every move, intake, assignment, answer, rating and close is saved through
/// SaveChanges, so this one hook sees them all. It adds a <see cref="DashboardDirtyMonth"/> row for each station-month the
/// save touches to that same save, so the mark commits or rolls back with the change (a crash cannot lose it), and costs
/// the request one more INSERT in its batch. The recount happens off the request, in
/// <see cref="DashboardRollups.CatchUpAsync"/> (the background <see cref="DashboardWorker"/>), once per month however many
/// saves marked it. A change to the holiday calendar asks for a rebuild, since it moves the working days counted. The
/// overdue flag, updated in bulk by the supervision job, is not rolled up: the dashboard counts it live.
/// </summary>
public sealed class DashboardInterceptor(TimeProvider time) : SaveChangesInterceptor
{
    /// <summary>The mark that asks for a rebuild.</summary>
    public static readonly DashboardKey Rebuild = new(0, DateOnly.MinValue);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            var (keys, opinionIds) = Touched(context);
            if (opinionIds.Count > 0)
            {
                keys.UnionWith(context.Set<Opinion>().AsNoTracking().Where(o => opinionIds.Contains(o.Id))
                    .Select(o => new { o.StationId, o.ReceivedAt }).AsEnumerable().Select(o => DashboardKey.Of(o.StationId, o.ReceivedAt)));
            }

            Mark(context, keys);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            var (keys, opinionIds) = Touched(context);
            if (opinionIds.Count > 0)
            {
                var rows = await context.Set<Opinion>().AsNoTracking().Where(o => opinionIds.Contains(o.Id))
                    .Select(o => new { o.StationId, o.ReceivedAt }).ToListAsync(cancellationToken);
                keys.UnionWith(rows.Select(o => DashboardKey.Of(o.StationId, o.ReceivedAt)));
            }

            Mark(context, keys);
        }

        return result;
    }

    /// <summary>The station-months of the opinions in this save, and the ids of untracked opinions whose assignments or ratings it adds or changes.</summary>
    private static (HashSet<DashboardKey> Keys, List<int> OpinionIds) Touched(DbContext context)
    {
        var keys = new HashSet<DashboardKey>();
        var opinionIds = new List<int>();
        var entries = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Opinion opinion:
                    if (entry.State != EntityState.Added)
                    {
                        keys.Add(DashboardKey.Of(Original<int>(entry, nameof(Opinion.StationId)), Original<DateTimeOffset>(entry, nameof(Opinion.ReceivedAt))));
                    }

                    keys.Add(DashboardKey.Of(opinion.StationId, opinion.ReceivedAt));
                    break;
                case OpinionAssignment or OpinionEvaluation:
                    var id = entry.Property(nameof(OpinionAssignment.OpinionId));
                    if (id.IsTemporary)
                    {
                        // A new opinion saved with it: its own entry marks the month.
                        break;
                    }

                    var opinionId = (int)id.CurrentValue!;
                    var tracked = context.ChangeTracker.Entries<Opinion>().FirstOrDefault(o => o.Entity.Id == opinionId);
                    if (tracked is not null)
                    {
                        keys.Add(DashboardKey.Of(tracked.Entity.StationId, tracked.Entity.ReceivedAt));
                    }
                    else
                    {
                        opinionIds.Add(opinionId);
                    }

                    break;
                case CalendarDay:
                    keys.Add(Rebuild);
                    break;
            }
        }

        return (keys, opinionIds);
    }

    private void Mark(DbContext context, HashSet<DashboardKey> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        context.Set<DashboardDirtyMonth>().AddRange(keys.Select(k => new DashboardDirtyMonth(k, now)));
    }

    private static T Original<T>(EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;
}
