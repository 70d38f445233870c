using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LiaisonPortal.Core.Data;

/// <summary>Migrate, then seed: what the migrate and seed-demo commands and the start-up do.</summary>
public sealed class DatabaseInitializer(ApplicationDbContext db, StaffAccounts accounts, DemoDataSeeder demo, Dashboard.DashboardRollups rollups)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        // Without the history table EF first probes it with a SELECT that fails and is logged as an error; make it first.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await accounts.EnsureRolesAsync(cancellationToken);
        // The dashboard's rollups start empty: count the opinions already there once (it needs the holiday calendar, so not in SQL).
        if (pending.Any(m => m.EndsWith("_DashboardFigures", StringComparison.Ordinal)))
        {
            await rollups.RebuildAsync(cancellationToken);
        }
    }

    public Task SeedDemoDataAsync(CancellationToken cancellationToken = default) => demo.SeedAsync(cancellationToken);

    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken = default) =>
        !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
}
