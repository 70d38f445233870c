using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Demo;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Data;

/// <summary>Migrate, then seed: what the migrate and seed-demo commands and the start-up do.</summary>
public sealed class DatabaseInitializer(ApplicationDbContext db, StaffAccounts accounts, DemoDataSeeder demo)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await accounts.EnsureRolesAsync(cancellationToken);
    }

    public Task SeedDemoDataAsync(CancellationToken cancellationToken = default) => demo.SeedAsync(cancellationToken);

    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken = default) =>
        !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
}
