using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;
using FaultLab.Nodes.Edge;

namespace FaultLab.Faults.Kinds;

/// <summary>
/// No edge gateway answers: every datagram to the edges is lost and every connection to their tunnel
/// and proxy ports refused (an outage, or a path that blackholes the cloud's data plane). The cloud's
/// enrollment and policy API stays reachable, so the agent still signs in and finds its tunnel down,
/// which is the condition fail-open and fail-close act on.
/// </summary>
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

    /// <summary>When the edges go away, tunnels already up over TCP die with them.</summary>
    public bool CutsOpenConnections => true;

    public ConnectionVerdict Decide(in ConnectionInfo connection, FaultSwitch faultSwitch)
    {
        if (connection.Service.Host.Equals(EdgeNode.ApiHost, StringComparison.OrdinalIgnoreCase)) return ConnectionVerdict.Accept;
        faultSwitch.Record("refused", connection.Service.ToString());
        return ConnectionVerdict.Refuse("edge unreachable");
    }

    public override string Describe() => "the edge gateways do not answer (UDP lost, TCP refused; the enrollment API stays up)";
}
