using FaultLab.Tunnel;

namespace FaultLab.Agent;

/// <summary>How an app's traffic to one host goes: through the tunnel, direct, or nowhere (with the reason).</summary>
public sealed record AgentRoute(StreamConnector? Connect, TunnelClient? Tunnel, string? BlockedReason)
{
    public bool Tunnelled => Tunnel is not null;

    public bool Blocked => Connect is null;

    public string Description => Tunnel is { } t ? $"tunnel via {t.EdgeIdentity?.EdgeName ?? t.Edge.ToString()}" : Blocked ? $"blocked: {BlockedReason}" : "direct";
}
