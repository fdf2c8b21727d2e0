using FaultLab.Faults;
using FaultLab.World;

namespace FaultLab.Tests.Middleboxes;

/// <summary>Links and service names the middlebox tests share.</summary>
internal static class TestLinks
{
    public static readonly ServiceAddress EdgeUdp = new("gateway.edge.lab", 443, Transport.Udp);
    public static readonly ServiceAddress EdgeTcp = new("gateway.edge.lab", 443, Transport.Tcp);

    /// <summary>The edge link with <paramref name="faults"/> switched on, in this order.</summary>
    public static LinkFaults Edge(params Fault[] faults)
    {
        foreach (var fault in faults) fault.AttachedTo ??= "edge";
        return new LinkFaults("edge", faults.Select(f => new FaultSwitch(f)).ToArray());
    }
}
