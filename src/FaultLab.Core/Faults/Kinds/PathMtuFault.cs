using FaultLab.Middleboxes.Udp;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// A path that cannot carry large datagrams: a UDP datagram whose payload is longer than the limit
/// is lost, as a packet with Don't Fragment set is, in both directions. The usual tell: small
/// packets pass, large ones (a tunnel's full-size frames) vanish.
/// </summary>
public sealed class PathMtuFault : Fault, IDatagramFault
{
    /// <summary>The largest payload UDP over IPv4 can carry at all.</summary>
    public const int MaxUdpPayloadBytes = 65507;

    public override string Kind => "path-mtu";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("largest UDP payload that passes, in bytes; longer datagrams are dropped")]
    public int MaxDatagramBytes { get; set; } = 1400;

    public override IEnumerable<string> Validate()
    {
        if (MaxDatagramBytes is < 1 or > MaxUdpPayloadBytes)
            yield return $"'maxDatagramBytes' must be between 1 and {MaxUdpPayloadBytes}, got {MaxDatagramBytes}";
    }

    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch) =>
        datagram.Length > MaxDatagramBytes
            ? DatagramVerdict.Drop($"larger than the path allows ({MaxDatagramBytes} bytes)")
            : DatagramVerdict.Pass;

    public override string Describe() => $"{base.Describe()} (UDP datagrams over {MaxDatagramBytes} bytes dropped)";
}
