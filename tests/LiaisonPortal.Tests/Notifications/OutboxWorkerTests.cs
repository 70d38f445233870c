using System.Diagnostics;
using LiaisonPortal.Core.Notifications;
using LiaisonPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Tests.Notifications;

public class OutboxWorkerTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task TheWorkerDeliversWhatIsQueuedWhileItRunsAndStopsPromptly()
    {
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Notifications:PollSeconds"] = "1" });
        await harness.QueueSmsAsync("13812345678", "第一条");
        var worker = Worker(harness.Services);

        await worker.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => harness.Sms.Sent.Count == 1);
        await harness.QueueSmsAsync("13900001111", "第二条");
        await WaitUntilAsync(() => harness.Sms.Sent.Count == 2);
        var stopping = Stopwatch.StartNew();
        await worker.StopAsync(CancellationToken.None);

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(3), $"Stopping took {stopping.Elapsed}");
        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(["第一条", "第二条"], harness.Sms.Sent.Select(s => s.Text));
    }

    [Fact]
    public async Task TheWorkerSendsNothingWhenItIsSwitchedOff()
    {
        await using var harness = await OutboxHarness.StartAsync(
            database.ConnectionString, new Dictionary<string, string?> { ["Notifications:Worker:Enabled"] = "false", ["Notifications:PollSeconds"] = "1" });
        await harness.QueueSmsAsync("13812345678", "不应由后台发出");
        var worker = Worker(harness.Services);

        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await worker.StopAsync(CancellationToken.None);

        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, harness.Sms.Calls);
        Assert.Equal(1, await harness.DispatchAsync());
    }

    [Fact]
    public async Task TheWorkerSurvivesAnUnreachableDatabaseAndStopsCleanly()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        await using var harness = await OutboxHarness.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["Notifications:PollSeconds"] = "1" });
        await using var unreachable = TestCluster.CoreServices(
            "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none;Timeout=2",
            new Dictionary<string, string?> { ["Notifications:PollSeconds"] = "1" },
            services => services.AddLogging(logging => logging.AddProvider(harness.Logs)));
        var worker = Worker(unreachable);

        await worker.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => harness.Logs.Entries.Any(e => e.Category == typeof(OutboxWorker).FullName && e.Level == LogLevel.Error));
        Assert.False(worker.ExecuteTask!.IsCompleted);
        await worker.StopAsync(CancellationToken.None);

        Assert.True(worker.ExecuteTask.IsCompletedSuccessfully);
        Assert.Contains(harness.Logs.Entries, e => e.Message.StartsWith("The outbox could not be dispatched (1 time(s) in a row); next try in 00:00:02", StringComparison.Ordinal));
    }

    private static OutboxWorker Worker(IServiceProvider services) => services.GetServices<IHostedService>().OfType<OutboxWorker>().Single();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15), "Timed out waiting for the outbox worker.");
            await Task.Delay(50);
        }
    }
}
