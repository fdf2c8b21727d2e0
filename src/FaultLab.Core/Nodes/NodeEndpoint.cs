namespace FaultLab.Nodes;

/// <summary>
/// One listening endpoint of a node: what it speaks, where it really listens, and the lab
/// service it stands for, so a user can point curl, dig or openssl at it.
/// </summary>
/// <param name="Name">Short name within the node, e.g. "tunnel-dtls".</param>
/// <param name="Protocol">What a client speaks to it, e.g. "dtls", "tls", "http", "https", "dns", "udp-echo".</param>
/// <param name="Host">The loopback address it is bound to.</param>
/// <param name="Port">The port allocated at start.</param>
/// <param name="Service">The lab name and port it stands for, e.g. "gateway.edge.lab:443/udp".</param>
public sealed record NodeEndpoint(string Name, string Protocol, string Host, int Port, string Service);
