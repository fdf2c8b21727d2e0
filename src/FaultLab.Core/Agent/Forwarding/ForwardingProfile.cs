using FaultLab.Agent.Network;

namespace FaultLab.Agent.Forwarding;

/// <summary>The forwarding profile: an action per network state, the tunnel version and the local-proxy redirect.</summary>
/// <param name="OnTrusted">Action on the trusted (office) network.</param>
/// <param name="OffTrusted">Action everywhere else.</param>
/// <param name="VpnTrusted">Action on a trusted network reached over VPN.</param>
/// <param name="TunnelVersion">1 carries only web ports 80/443 over TCP; 2 carries every port and protocol.</param>
/// <param name="LocalProxyRedirect">"Redirect web traffic to the listening proxy" (a Z-Tunnel 2.0 setting).</param>
public sealed record ForwardingProfile(
    ForwardingAction OnTrusted,
    ForwardingAction OffTrusted,
    ForwardingAction VpnTrusted,
    int TunnelVersion,
    bool LocalProxyRedirect)
{
    /// <summary>The action for a network state; a captive-portal network is off the trusted network.</summary>
    public ForwardingAction ActionFor(NetworkState state) => state switch
    {
        NetworkState.OnTrusted => OnTrusted,
        NetworkState.VpnTrusted => VpnTrusted,
        _ => OffTrusted,
    };

    /// <summary>The redirect works only with Z-Tunnel 2.0, where the guide places the setting.</summary>
    public bool RedirectsWebToLocalProxy => LocalProxyRedirect && TunnelVersion >= 2;
}
