using LiaisonPortal.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace LiaisonPortal.Benchmarks;

/// <summary>The core services (DbContext, Identity, domain services) on the benchmark's database, as the app has them.</summary>
public static class BenchmarkServices
{
    public static ServiceProvider Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Liaison"] = connectionString })
            .Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Benchmark" });
        services.AddLogging();
        services.AddLiaisonCore();
        return services.BuildServiceProvider();
    }
}
