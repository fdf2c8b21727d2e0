using FaultLab.Middleboxes.Udp;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// Holds every UDP datagram on a link for a while, in both directions (a long or congested path).
/// With jitter each datagram's delay varies around the latency, drawn from the seeded source, so
/// datagrams may overtake each other exactly as far as the jitter allows.
/// </summary>
public sealed class UdpLatencyFault : Fault, IDatagramFault
{
    /// <summary>Longest delay a lab may ask for; datagrams are held in memory meanwhile.</summary>
    public const int MaxMilliseconds = 60_000;

    public override string Kind => "udp-latency";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("delay added to each datagram, in milliseconds")]
    public int LatencyMs { get; set; } = 100;

    [FaultParameter("each datagram's delay varies by up to this much either way, in milliseconds (never below zero)")]
    public int JitterMs { get; set; }

    public override IEnumerable<string> Validate()
    {
        if (LatencyMs is < 0 or > MaxMilliseconds) yield return $"'latencyMs' must be between 0 and {MaxMilliseconds}, got {LatencyMs}";
        if (JitterMs is < 0 or > MaxMilliseconds) yield return $"'jitterMs' must be between 0 and {MaxMilliseconds}, got {JitterMs}";
    }

    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch)
    {
        double delayMs = LatencyMs;
        if (JitterMs > 0) delayMs += (faultSwitch.NextDouble() * 2 - 1) * JitterMs;
        return DatagramVerdict.Delay(TimeSpan.FromMilliseconds(Math.Max(0, delayMs)));
    }

    public override string Describe() => $"{base.Describe()} (UDP +{LatencyMs} ms, jitter {JitterMs} ms)";
}
