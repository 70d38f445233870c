using LiaisonPortal.Core.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Opinions;

/// <summary>Settings under "Supervision" in configuration.</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>The time of day (China time) of the daily run; the job also runs once at start.</summary>
    public TimeSpan RunAt { get; set; } = new(6, 0, 0);

    public SupervisionWorkerOptions Worker { get; set; } = new();
}

public sealed class SupervisionWorkerOptions
{
    /// <summary>Off for test hosts, which run the job themselves.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Runs <see cref="Supervision.RunAsync"/>, the suggestions' <see cref="Suggestions.SuggestionSupervision.RunAsync"/> and the duty reminders (<see cref="Reception.DutyRoster.RemindAsync"/>) at start and then every day at Supervision:RunAt (China time). Every
/// instance may run it: the job is safe to run twice and from several instances at once. A failed run is tried again
/// after ten minutes.
/// </summary>
public sealed partial class SupervisionWorker(
    IServiceScopeFactory scopes, SupervisionOptions options, TimeProvider time, ILogger<SupervisionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(10);

    /// <summary>The next moment the clock shows <paramref name="runAt"/> in China, strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeSpan runAt)
    {
        var china = ChinaTime.Of(now);
        var at = new DateTimeOffset(china.Date + runAt, ChinaTime.Offset);
        return at > china ? at : at.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Worker.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var runAt = options.RunAt >= TimeSpan.Zero && options.RunAt < TimeSpan.FromDays(1) ? options.RunAt : new SupervisionOptions().RunAt;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan delay;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var today = ChinaTime.Today(time);
                    await scope.ServiceProvider.GetRequiredService<Supervision>().RunAsync(today, stoppingToken);
                    // Deputies' suggestions: the same overdue flag and reminders, on the same day.
                    await scope.ServiceProvider.GetRequiredService<Suggestions.SuggestionSupervision>().RunAsync(today, stoppingToken);
                    // The same daily run reminds citizens of tomorrow's appointments and deputies of their duties three days ahead.
                    await scope.ServiceProvider.GetRequiredService<Appointments.AppointmentBook>().RemindAsync(today, stoppingToken);
                    await scope.ServiceProvider.GetRequiredService<Reception.DutyRoster>().RemindAsync(today, stoppingToken);
                    var now = time.GetUtcNow();
                    delay = NextRun(now, runAt) - now;
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
            // Shutting down: each batch of a run commits on its own; the next start runs the job again.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The supervision job is off (Supervision:Worker:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The supervision job failed; next try in {Delay}")]
    private static partial void LogRunFailed(ILogger logger, TimeSpan delay, Exception exception);
}
