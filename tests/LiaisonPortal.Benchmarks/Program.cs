namespace LiaisonPortal.Benchmarks;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("The benchmark runner is being built (issue 10).");
        return Task.FromResult(2);
    }
}
