using System.Net;
using FaultLab.World;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>What a connection fault may look at: a client connecting through a <see cref="TcpRelay"/>.</summary>
/// <param name="Service">The lab service the relay fronts, e.g. gateway.edge.lab:443/tcp.</param>
/// <param name="Client">The laptop-side client.</param>
public readonly record struct ConnectionInfo(ServiceAddress Service, IPEndPoint Client);
