namespace FaultLab.Tests.Verify;

/// <summary>A clock whose "now" stays where the test put it; timers still run in real time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
