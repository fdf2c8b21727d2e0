using FaultLab.Middleboxes.Tcp;

namespace FaultLab.Faults.Kinds;

/// <summary>Refuses every TCP connection to the given ports on a link with a reset (a firewall that rejects, rather than drops).</summary>
public sealed class TcpBlockFault : Fault, IConnectionFault
{
    public override string Kind => "tcp-block";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("destination TCP ports whose connections are refused with a reset")]
    public IReadOnlyList<int> Ports { get; set; } = [];

    public override IEnumerable<string> Validate() => PortList.Problems(Ports);

    public ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch) =>
        Ports.Contains(connection.Service.Port)
            ? ConnectionVerdict.Refuse($"TCP port {connection.Service.Port} blocked")
            : ConnectionVerdict.Accept;

    public override string Describe() => $"{base.Describe()} (TCP ports {string.Join(",", Ports)} refused)";
}
