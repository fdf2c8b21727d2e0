namespace FaultLab.Tests.Saml;

/// <summary>A clock that stands still at a chosen instant, so validity windows can be tested to the second.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
