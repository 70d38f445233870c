using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Dashboard;

/// <summary>Settings under "Dashboard" in configuration.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How often the rollups catch up with the marked months (seconds): the dashboard is at most this far behind.</summary>
    public int PollSeconds { get; set; } = 5;

    public DashboardWorkerOptions Worker { get; set; } = new();
}

public sealed class DashboardWorkerOptions
{
    /// <summary>Off for test hosts, which catch up themselves.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Keeps the dashboard's rollups up to date in the background: every Dashboard:PollSeconds it runs
/// <see cref="DashboardRollups.CatchUpAsync"/>. Every instance may run one (the marks are taken with SKIP LOCKED). When
/// the database cannot be reached it logs and tries again after a minute.
/// </summary>
public sealed partial class DashboardWorker(
    IServiceScopeFactory scopes, DashboardOptions options, TimeProvider time, ILogger<DashboardWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Worker.Enabled)
        {
            return;
        }

        var poll = TimeSpan.FromSeconds(Math.Max(options.PollSeconds, 1));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var delay = poll;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DashboardRollups>().CatchUpAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    delay = ErrorDelay;
                    LogCatchUpFailed(logger, e);
                }

                await Task.Delay(delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a pass either committed or left its marks for the next start.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The dashboard's rollups could not catch up; next try in a minute")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
