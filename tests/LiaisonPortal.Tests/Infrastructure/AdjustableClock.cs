namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>A clock a test moves forward, for idle and absolute session limits.</summary>
public sealed class AdjustableClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
