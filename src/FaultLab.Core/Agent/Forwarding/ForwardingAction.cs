namespace FaultLab.Agent.Forwarding;

/// <summary>What the forwarding profile does with traffic on a given network (the guide's four actions).</summary>
public enum ForwardingAction
{
    /// <summary><c>tunnel</c>: the tunnel driver intercepts traffic; no system proxy needed.</summary>
    Tunnel,

    /// <summary><c>tunnel-with-local-proxy</c>: web traffic reaches a local listener through the system proxy, then the tunnel.</summary>
    TunnelWithLocalProxy,

    /// <summary><c>enforce-pac</c>: the PAC decides per destination; PROXY entries go to the edge's proxy ports, DIRECT goes out.</summary>
    EnforcePac,

    /// <summary><c>none</c>: no traffic control; everything goes direct.</summary>
    None,
}
