namespace FaultLab.Agent.Forwarding;

/// <summary>Where one connection goes.</summary>
public enum ForwardingRoute
{
    /// <summary>Into the tunnel to the edge.</summary>
    Tunnel,

    /// <summary>To the agent's local listening proxy, which forwards through the tunnel.</summary>
    LocalProxy,

    /// <summary>To the proxy a PAC entry names (an edge proxy port when protected).</summary>
    ViaProxy,

    /// <summary>Straight to the destination, outside the edge.</summary>
    Direct,

    /// <summary>Not sent at all (fail-close, or a captive portal holding traffic).</summary>
    Blocked,
}
