using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiaisonPortal.Core.Import;

/// <summary>
/// Runs confirmed imports in the background, each in its own DI scope, so the confirming request returns at once and
/// the progress page can watch. At start, batches a stopped process left "importing" are marked failed: each import is
/// one transaction, so nothing of them was kept.
/// </summary>
public sealed partial class ImportWorker(ConfirmedImports confirmed, ImportClaims claims, IServiceScopeFactory scopes, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var interrupted = await scope.ServiceProvider.GetRequiredService<DirectoryImporter>().FailInterruptedAsync(stoppingToken);
            if (interrupted > 0)
            {
                LogInterrupted(logger, interrupted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRecoveryFailed(logger, e);
        }

        try
        {
            await foreach (var batchId in confirmed.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DirectoryImporter>().RunAsync(batchId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogImportCrashed(logger, batchId, e);
                }
                finally
                {
                    await claims.ReleaseAsync(batchId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a running import was rolled back and is marked failed at the next start.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} import batch(es) were interrupted by a restart and marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mark interrupted import batches as failed")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import batch {BatchId} crashed")]
    private static partial void LogImportCrashed(ILogger logger, Guid batchId, Exception exception);
}
