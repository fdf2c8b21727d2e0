using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace FaultLab.Nodes.Edge;

/// <summary>Configuration of one edge; checked once by <see cref="Validate"/> when the node is built.</summary>
public sealed record EdgeNodeOptions
{
    /// <summary>Node name, e.g. "edge-fra".</summary>
    public required string Name { get; init; }

    /// <summary>City shown by HelloOk and the ip-check page, e.g. "Frankfurt".</summary>
    public required string City { get; init; }

    /// <summary>Cloud name shown by the ip-check page, e.g. "faultlab.net".</summary>
    public string Cloud { get; init; } = "faultlab.net";

    /// <summary>This edge's own gateway name, e.g. "fra.gateway.edge.lab".</summary>
    public required string GatewayHost { get; init; }

    /// <summary>
    /// The first edge of an instance: it also answers the shared gateway name "gateway.edge.lab"
    /// and serves the enrollment and policy API at "api.edge.lab".
    /// </summary>
    public bool IsPrimary { get; init; }

    /// <summary>Source address of everything the edge sends to origins; a 127.0.0.0/8 address no other edge uses.</summary>
    public required IPAddress EgressAddress { get; init; }

    /// <summary>Milliseconds the edge holds every tunnel reply, to model a far edge (0 for none).</summary>
    public int AddedRttMs { get; init; }

    /// <summary>Tunnel MTU in bytes for DTLS records the edge sends.</summary>
    public int TunnelMtu { get; init; } = 1400;

    /// <summary>Lab ports of the explicit HTTP proxy on the gateway names (empty for none).</summary>
    public IReadOnlyList<int> ProxyPorts { get; init; } = [80, 9400, 9480];

    /// <summary>The policy served at GET /api/v1/policy (the admin portal's current settings).</summary>
    public Func<JsonObject> PolicyProvider { get; init; } = () => new JsonObject();

    /// <summary>Every problem with these options, each naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add("Name: must not be empty");
        if (string.IsNullOrWhiteSpace(City)) problems.Add("City: must not be empty");
        if (string.IsNullOrWhiteSpace(Cloud)) problems.Add("Cloud: must not be empty");
        if (string.IsNullOrWhiteSpace(GatewayHost) || GatewayHost.Contains(' ')) problems.Add($"GatewayHost: '{GatewayHost}' is not a host name");
        if (EgressAddress.AddressFamily != AddressFamily.InterNetwork || !IPAddress.IsLoopback(EgressAddress))
            problems.Add($"EgressAddress: {EgressAddress} is not in 127.0.0.0/8");
        else if (EgressAddress.Equals(IPAddress.Loopback))
            problems.Add("EgressAddress: 127.0.0.1 is where everything else comes from; an edge needs an address of its own");
        if (AddedRttMs < 0) problems.Add($"AddedRttMs: {AddedRttMs} is negative");
        foreach (var port in ProxyPorts.Where(p => p is < 1 or > 65535 or 443))
            problems.Add($"ProxyPorts: {port} is not usable (1..65535, and 443 is the tunnel)");
        if (ProxyPorts.Distinct().Count() != ProxyPorts.Count) problems.Add("ProxyPorts: a port is listed twice");
        if (TunnelMtu is < 576 or > 65535) problems.Add($"TunnelMtu: {TunnelMtu} is outside 576..65535");
        return problems;
    }
}
