using System.Net;
using FaultLab.World;

namespace FaultLab.Middleboxes.Udp;

/// <summary>What a datagram fault may look at: one datagram crossing a <see cref="UdpRelay"/>.</summary>
/// <param name="Direction">Which way it travels.</param>
/// <param name="Service">The lab service the relay fronts, e.g. gateway.edge.lab:443/udp; its port is the service port.</param>
/// <param name="Client">The laptop-side client of the flow.</param>
/// <param name="Length">UDP payload length in bytes.</param>
public readonly record struct DatagramInfo(FlowDirection Direction, ServiceAddress Service, IPEndPoint Client, int Length);
