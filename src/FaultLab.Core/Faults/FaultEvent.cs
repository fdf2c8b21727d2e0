namespace FaultLab.Faults;

/// <summary>One thing a fault did, e.g. "dropped" "datagram of 1401 bytes to port 443".</summary>
public sealed record FaultEvent(DateTimeOffset At, string Action, string? Detail);
