using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Citizens;

/// <summary>
/// Runs <see cref="CitizenDataRetention.RunAsync"/> at start and then every day at Privacy:RunAt (China time). Every
/// instance may run it: the job skips rows another instance holds and finds nothing left the second time. A failed run
/// (a setting under one day, the database away) is tried again after an hour; nothing is anonymised by a failed run.
/// </summary>
public sealed partial class RetentionWorker(
    IServiceScopeFactory scopes, PrivacyOptions options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Worker.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var runAt = options.RunAt >= TimeSpan.Zero && options.RunAt < TimeSpan.FromDays(1) ? options.RunAt : new PrivacyOptions().RunAt;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan delay;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<CitizenDataRetention>().RunAsync(cancellationToken: stoppingToken);
                    LogRun(logger, result.Opinions, result.Appointments, result.Messages, result.Days);
                    var now = time.GetUtcNow();
                    delay = Opinions.SupervisionWorker.NextRun(now, runAt) - now;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRunFailed(logger, RetryAfter, e);
                    delay = RetryAfter;
                }

                await Task.Delay(delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: each batch commits on its own; the next run carries on where this one stopped.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The retention job is off (Privacy:Worker:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: anonymised {Opinions} opinions, {Appointments} appointments and {Messages} message recipients older than {Days} days")]
    private static partial void LogRun(ILogger logger, int opinions, int appointments, int messages, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "The retention job failed; next try in {Delay}")]
    private static partial void LogRunFailed(ILogger logger, TimeSpan delay, Exception exception);
}
