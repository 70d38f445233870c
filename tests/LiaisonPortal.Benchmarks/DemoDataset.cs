using System.Diagnostics;
using System.Globalization;
using LiaisonPortal.Core;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace LiaisonPortal.Benchmarks;

/// <summary>
/// TEMPORARY stand-in for the data generator (helper A's BenchmarkData), used until it is merged: the demo data plus a
/// few opinions submitted and classified through the services.
/// </summary>
public static class DemoDataset
{
    public static ServiceProvider CreateServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Liaison"] = connectionString })
            .Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        services.AddLogging();
        services.AddLiaisonCore();
        return services.BuildServiceProvider();
    }

    public static async Task<BenchmarkDataset> GenerateAsync(IServiceProvider services, int opinions, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var office = new StaffAccount("office@liaison.demo", "Demo-Liaison-2026");
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<ApplicationDbContext>();
        var intake = provider.GetRequiredService<OpinionIntake>();
        var deputies = new List<string>();
        foreach (var code in await db.Deputies.AsNoTracking().OrderBy(d => d.Code).Select(d => d.Code).ToListAsync(cancellationToken))
        {
            if (await intake.AddressAsync(AddressKind.Deputy, code, cancellationToken) is { IsActive: true })
            {
                deputies.Add(code);
            }
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == office.Email, cancellationToken);
        var actor = new CaseActor(user.Scope, WorkflowActor.Office, user.Id, user.DisplayName);
        var category = (await intake.CategoriesAsync(cancellationToken))[0].Code;
        var cases = provider.GetRequiredService<OpinionCases>();
        var random = new Random(42);
        var samples = new List<TrackSample>();
        var assignable = new List<string>();
        var count = Math.Clamp(opinions, 50, 3000);
        for (var i = 0; i < count; i++)
        {
            var phone = "139" + random.Next(0, 99_999_999).ToString("D8", CultureInfo.InvariantCulture);
            var result = await intake.SubmitAsync(
                AddressKind.Deputy, deputies[i % deputies.Count],
                new OpinionSubmission($"演示数据 {i} 路灯不亮", $"第 {i} 条演示意见：小区门口路灯不亮，晚上出行不便。", null, "张先生", phone, true, false, []),
                registeredBy: null, cancellationToken);
            if (!result.Succeeded)
            {
                throw new BenchmarkException("demo submission failed: " + string.Join("; ", result.Errors.Select(e => e.Message)));
            }

            samples.Add(new TrackSample(result.TrackingCode!, phone[^4..]));
            if ((await cases.ClassifyAsync(actor, result.TrackingCode!, category, LiaisonPortal.Core.Organisation.Grade.Normal, null, cancellationToken)).Succeeded)
            {
                assignable.Add(result.TrackingCode!);
            }

            if (i % 500 == 0)
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"demo opinions: {i}/{count}"));
            }
        }

        return new BenchmarkDataset
        {
            Opinions = await db.Opinions.CountAsync(cancellationToken),
            Stations = await db.Stations.CountAsync(cancellationToken),
            Deputies = deputies.Count,
            DeputyCodes = deputies,
            TrackSamples = samples,
            AssignableCodes = assignable,
            AssignUnitCode = "U990102-01",
            Office = office,
            LoadTime = clock.Elapsed,
        };
    }
}
