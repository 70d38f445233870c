namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>A clock a test moves forward, for idle and absolute session limits.</summary>
public sealed class AdjustableClock : TimeProvider
{
    // Days away from the real clock, so a session rule that reads the system clock instead would fail the tests.
    private DateTimeOffset _now = DateTimeOffset.UtcNow.AddDays(3);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    /// <summary>Puts the clock at a chosen moment, e.g. the day before a holiday.</summary>
    public void Set(DateTimeOffset at) => _now = at.ToUniversalTime();
}
