using LiaisonPortal.Core;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Database;
using LiaisonPortal.Core.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace LiaisonPortal.Web.Hosting;

/// <summary>Builds the one host the web server and every command share.</summary>
public static class PortalApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPortalLogging();
        builder.Services.AddLiaisonCore();
        builder.AddPortalWeb();
        return builder;
    }

    public static async Task<int> RunWebAsync(string[] args, TextWriter output, TextWriter error)
    {
        var app = CreateBuilder(args).Build();
        app.UsePortalPipeline();
        var database = app.Services.GetRequiredService<PortalDatabase>();
        try
        {
            await InitializeDatabaseAsync(app.Services, app.Lifetime.ApplicationStopping);
            app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, database, output));
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (StartupFailure.Explain(exception) is { } reason)
        {
            await error.WriteLineAsync(reason);
            return 1;
        }
        finally
        {
            await database.StopAsync();
        }
    }

    /// <summary>Starts (or finds) the database, applies migrations if configured, and loads the demo data if wanted.</summary>
    public static async Task InitializeDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<PortalDatabase>();
        await database.StartAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (database.Options.MigrateOnStart)
        {
            await initializer.MigrateAsync(cancellationToken);
        }

        if (database.ShouldSeedDemoData)
        {
            await initializer.SeedDemoDataAsync(cancellationToken);
        }
    }

    private static void PrintBanner(WebApplication app, PortalDatabase database, TextWriter output)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        output.WriteLine();
        output.WriteLine("LiaisonPortal 人大代表联络站服务平台 is running:");
        foreach (var address in addresses)
        {
            output.WriteLine($"  {address}");
        }

        output.WriteLine(database.IsEmbedded ? "  database: embedded PostgreSQL (data kept in .data/postgres)" : "  database: ConnectionStrings:Liaison");
        if (database.ShouldSeedDemoData)
        {
            output.WriteLine($"  demo sign-in accounts (password {DemoDataSeeder.DemoPassword}):");
            foreach (var (email, role, scope) in DemoDataSeeder.DemoAccounts)
            {
                output.WriteLine($"    {email,-24} {role,-14} {scope}");
            }
        }

        output.WriteLine("Press Ctrl+C to stop.");
        output.Flush();
    }
}

/// <summary>Turns the failures an operator can fix into one line instead of a stack trace.</summary>
public static class StartupFailure
{
    public static string? Explain(Exception exception) => exception switch
    {
        PostgresNotFoundException or EmbeddedPostgresException => exception.Message,
        Microsoft.Extensions.Options.OptionsValidationException options => options.Message,
        NpgsqlException npgsql => $"The database could not be reached: {npgsql.Message}. Check ConnectionStrings:Liaison and that PostgreSQL is running.",
        IOException io when io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"The web server's port is taken: {io.Message.TrimEnd('.')}. Stop the other process or choose another with --urls.",
        _ => null,
    };
}
