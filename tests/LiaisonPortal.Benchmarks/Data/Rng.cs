namespace LiaisonPortal.Benchmarks.Data;

/// <summary>
/// SplitMix64: a tiny, fast, seedable generator. Each opinion draws from its own stream (seed, index), so its whole life
/// can be recomputed from its index alone, in any order, and the same seed gives the same data set on every run.
/// </summary>
internal struct Rng(ulong seed, ulong stream)
{
    private ulong _state = Mix(seed ^ ((stream + 1) * 0x9E3779B97F4A7C15UL));

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(((Next() >> 32) * (ulong)max) >> 32);

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Uniform in [min, max) as a time span.</summary>
    public TimeSpan Between(TimeSpan min, TimeSpan max) => min + ((max - min) * NextDouble());

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
