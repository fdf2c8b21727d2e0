using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;

namespace FaultLab.Faults.Kinds;

/// <summary>No edge answers: every datagram to the edges is lost and every connection refused (an outage, or a path that blackholes the cloud).</summary>
public sealed class EdgeUnreachableFault : Fault, IDatagramFault, IConnectionFault
{
    public override string Kind => "edge-unreachable";
    public override FaultTarget Target => FaultTarget.Node;
    public override string? DefaultNode => "edge";

    public DatagramVerdict Decide(in DatagramInfo datagram, FaultSwitch faultSwitch)
    {
        if (datagram.Direction == Middleboxes.FlowDirection.ToNode) faultSwitch.Record("dropped", datagram.Service.ToString());
        return DatagramVerdict.Drop("edge unreachable");
    }

    public ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch)
    {
        faultSwitch.Record("refused", connection.Service.ToString());
        return ConnectionVerdict.Refuse("edge unreachable");
    }

    public override string Describe() => "the edges do not answer (UDP lost, TCP refused)";
}
