using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>The app on real Kestrel, on a free loopback port, for a real browser.</summary>
public sealed class KestrelPortal : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelPortal(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The running app's services (its endpoint data source, options, services).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="configure">More registrations after the app's (a log capture, a fake), before the app is built.</param>
    public static async Task<KestrelPortal> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        // The settings also go in as arguments, so that what the app reads while it registers its services (rate limits)
        // sees them; set on the configuration afterwards as well, as before.
        var builder = PortalApp.CreateBuilder([
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            "--contentRoot", RepositoryPaths.WebProject,
            "--applicationName", "LiaisonPortal.Web",
            .. (settings ?? new Dictionary<string, string?>()).Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}"),
        ]);
        builder.Configuration["ConnectionStrings:Liaison"] = connectionString;
        builder.Configuration["Database:MigrateOnStart"] = "false";
        builder.Configuration["RateLimits:SignInPerMinute"] = "1000";
        builder.Configuration["Notifications:Worker:Enabled"] = "false";
        builder.Configuration["Supervision:Worker:Enabled"] = "false";
        builder.Configuration["Privacy:Worker:Enabled"] = "false";
        builder.Configuration["Dashboard:Worker:Enabled"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UsePortalPipeline();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new KestrelPortal(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
