using FaultLab.Middleboxes.Udp;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// Loses a share of the UDP datagrams on a link at random, in both directions (a lossy Wi-Fi or
/// ISP link). Draws come from the fault's seeded source: the same seed loses the same datagrams.
/// </summary>
public sealed class UdpLossFault : Fault, IDatagramFault
{
    public override string Kind => "udp-loss";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("share of datagrams lost, in percent (0-100)")]
    public double RatePercent { get; set; } = 10;

    public override IEnumerable<string> Validate()
    {
        if (double.IsNaN(RatePercent) || RatePercent is < 0 or > 100)
            yield return $"'ratePercent' must be between 0 and 100, got {RatePercent}";
    }

    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch) =>
        faultSwitch.NextDouble() * 100 < RatePercent ? DatagramVerdict.Drop($"random loss ({RatePercent} %)") : DatagramVerdict.Pass;

    public override string Describe() => $"{base.Describe()} ({RatePercent} % of UDP datagrams lost)";
}
