using System.Runtime.InteropServices;

namespace LiaisonPortal.Benchmarks;

/// <summary>
/// The benchmark (issue 10): starts PostgreSQL and the web app, loads N opinions, measures each scenario with wrk and
/// writes the table. See <see cref="RunnerOptions.Usage"/>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = RunnerOptions.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("error: " + error);
            await Console.Error.WriteLineAsync(RunnerOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(RunnerOptions.Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops the run and cleans up (app, wrk, database); a second one ends the process at once.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("stopping: cleaning up the app, the load generator and the database…");
                cancel.Cancel();
            }
        };
        // SIGTERM (a CI timeout, kill) stops the run the same way; whatever is still running at exit is killed or stopped.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Tool.CleanUp();
        try
        {
            return await new BenchmarkRun(options, Console.Out).RunAsync(cancel.Token);
        }
        catch (BenchmarkException exception)
        {
            await Console.Error.WriteLineAsync("error: " + exception.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
        finally
        {
            Tool.KillAll();
        }
    }
}
