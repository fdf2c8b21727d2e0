namespace FaultLab.Tests.Support;

/// <summary>A world clock that stands still at a chosen instant until the test sets or advances it, so validity windows and TTLs can be tested to the second.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
