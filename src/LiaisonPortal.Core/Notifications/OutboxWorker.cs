using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Notifications;

/// <summary>
/// Delivers the outbox in the background: every Notifications:PollSeconds it sends batches until nothing is due.
/// When the database cannot be reached it logs and waits longer each time (up to five minutes), and it stops between
/// two messages on shutdown. Every instance may run one; the row locks keep them apart. Each message is committed right
/// after its send (<see cref="OutboxSender"/>), so if the process dies (kill -9) at most the one message in flight is sent
/// again after the restart, with the same idempotency key.
/// </summary>
public sealed partial class OutboxWorker(
    IServiceScopeFactory scopes,
    NotificationOptions options,
    TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MaxErrorDelay = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Worker.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var poll = TimeSpan.FromSeconds(Math.Max(options.PollSeconds, 1));
        var batchSize = Math.Max(options.BatchSize, 1);
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var delay = poll;
                try
                {
                    await DispatchAllDueAsync(batchSize, stoppingToken);
                    failures = 0;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    delay = TimeSpan.FromSeconds(Math.Max(poll.TotalSeconds, Math.Min(poll.TotalSeconds * Math.Pow(2, failures), MaxErrorDelay.TotalSeconds)));
                    LogDispatchFailed(logger, failures, delay, e);
                }

                await Task.Delay(delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: every message sent so far is committed; the rest waits for the next start.
        }
    }

    private async Task DispatchAllDueAsync(int batchSize, CancellationToken stoppingToken)
    {
        int attempted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            attempted = await scope.ServiceProvider.GetRequiredService<OutboxSender>().DispatchDueAsync(batchSize, stoppingToken);
        }
        while (attempted == batchSize && !stoppingToken.IsCancellationRequested);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The outbox worker is off (Notifications:Worker:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be dispatched ({Failures} time(s) in a row); next try in {Delay}")]
    private static partial void LogDispatchFailed(ILogger logger, int failures, TimeSpan delay, Exception exception);
}
