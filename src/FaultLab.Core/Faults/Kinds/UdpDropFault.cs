using FaultLab.Middleboxes.Udp;

namespace FaultLab.Faults.Kinds;

/// <summary>Drops every UDP datagram to the given ports on a link (a hotel firewall that blocks UDP/443).</summary>
public sealed class UdpDropFault : Fault, IDatagramFault
{
    public override string Kind => "udp-drop";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("destination UDP ports whose datagrams are dropped")]
    public IReadOnlyList<int> Ports { get; set; } = [];

    public override IEnumerable<string> Validate() => PortList.Problems(Ports);

    /// <summary>Drops both directions of a flow to a listed port: the requests, and any reply still on its way.</summary>
    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch) =>
        Ports.Contains(datagram.Service.Port)
            ? DatagramVerdict.Drop($"UDP port {datagram.Service.Port} blocked")
            : DatagramVerdict.Pass;

    public override string Describe() => $"{base.Describe()} (UDP ports {string.Join(",", Ports)} dropped)";
}
