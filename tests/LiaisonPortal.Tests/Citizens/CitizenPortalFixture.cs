using LiaisonPortal.Tests.Infrastructure;

namespace LiaisonPortal.Tests.Citizens;

/// <summary>
/// The demo database and the app with the minimum fill time switched off (tests type in no time at all) and the
/// per-address limits raised, so a test class can submit many opinions; the limits have their own tests.
/// </summary>
public sealed class CitizenPortalFixture : DemoDatabaseFixture
{
    private PortalFactory? _factory;

    public PortalFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public static IReadOnlyDictionary<string, string?> RelaxedSettings { get; } = new Dictionary<string, string?>
    {
        ["Citizens:MinimumFillSeconds"] = "0",
        ["RateLimits:PostsPerAddressPerHour"] = "1000",
        ["RateLimits:PostsPerPhonePerDay"] = "1000",
        ["RateLimits:FailedLookupsPerAddressPerHour"] = "1000",
        ["RateLimits:FailedLookupsPerCodePerHour"] = "1000",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _factory = new PortalFactory(ConnectionString, settings: RelaxedSettings);
    }

    public override async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
