using LiaisonPortal.Core.Accounts;
using LiaisonPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>A test class's own migrated database, cloned from the run's template and dropped afterwards.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public string ConnectionString { get; private set; } = string.Empty;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture has not started.");

    protected virtual bool WithDemoData => false;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CloneAsync(WithDemoData);
        _services = TestCluster.CoreServices(ConnectionString);
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await TestCluster.DropAsync(ConnectionString);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> QueryAsync<T>(Func<ApplicationDbContext, Task<T>> query) =>
        WithScopeAsync(provider => query(provider.GetRequiredService<ApplicationDbContext>()));

    /// <summary>Opens a staff account through the same service the CLI uses; fails the test if it is refused.</summary>
    public async Task<ApplicationUser> CreateUserAsync(NewStaffAccount account)
    {
        var result = await WithScopeAsync(provider => provider.GetRequiredService<StaffAccounts>().CreateAsync(account));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.User!;
    }

    public Task<ApplicationUser?> FindUserAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        return QueryAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized));
    }
}

/// <summary>The same, with the demo data set loaded (regions, stations, deputies, units, demo accounts).</summary>
public class DemoDatabaseFixture : DatabaseFixture
{
    protected override bool WithDemoData => true;
}
