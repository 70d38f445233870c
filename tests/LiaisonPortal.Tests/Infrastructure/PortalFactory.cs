using LiaisonPortal.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>The real app over real HTTP (TestServer), on the test class's own database.</summary>
public sealed class PortalFactory(
    string connectionString,
    string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Liaison", connectionString);
        builder.UseSetting("Database:MigrateOnStart", "false");
        builder.UseSetting("RateLimits:SignInPerMinute", "10000");
        builder.UseSetting("RateLimits:PublicPerMinute", "10000");
        // Tests that look at the outbox dispatch it themselves.
        builder.UseSetting("Notifications:Worker:Enabled", "false");
        // Tests run the supervision job themselves, on the day they choose.
        builder.UseSetting("Supervision:Worker:Enabled", "false");
        builder.UseSetting("Privacy:Worker:Enabled", "false");
        builder.UseSetting("Dashboard:Worker:Enabled", "false");
        builder.UseSetting("RateLimits:PostsPerAddressPerHour", "10000");
        builder.UseSetting("RateLimits:PostsPerPhonePerDay", "10000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        configure?.Invoke(builder);
    }

    public HttpClient CreateBrowserLikeClient(bool https = false) => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
    });
}

/// <summary>A demo database and the app on it, shared by one test class.</summary>
public class PortalFixture : DemoDatabaseFixture
{
    private PortalFactory? _factory;

    public PortalFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _factory = new PortalFactory(ConnectionString);
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
