using FaultLab.Tunnel;

namespace FaultLab.Agent;

/// <summary>How an app's traffic to one host goes: through the tunnel, direct, or nowhere (with the reason).</summary>
public sealed record AgentRoute(StreamConnector? Connect, TunnelClient? Tunnel, string? BlockedReason)
{
    /// <summary>The local listening proxy the connection goes through (the system proxy); null when it does not.</summary>
    public System.Net.IPEndPoint? LocalProxy { get; init; }

    public bool Tunnelled => Tunnel is not null;

    public bool Blocked => Connect is null;

    public string Description => LocalProxy is { } proxy
        ? $"local proxy {proxy}, " + (Tunnel is { } viaProxy ? TunnelDescription(viaProxy) : "tunnel not up")
        : Tunnel is { } t ? TunnelDescription(t) : Blocked ? $"blocked: {BlockedReason}" : "direct";

    private static string TunnelDescription(TunnelClient tunnel) => $"tunnel via {tunnel.EdgeIdentity?.EdgeName ?? tunnel.Edge.ToString()}";
}
