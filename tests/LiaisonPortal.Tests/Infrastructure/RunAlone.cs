namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>
/// Tests that measure the process (managed heap growth, elapsed time) run in this collection: alone, after the parallel
/// ones, so another test class's allocations or CPU do not count against them. The heap is one per process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunAlone
{
    public const string Name = "Measurements";
}
