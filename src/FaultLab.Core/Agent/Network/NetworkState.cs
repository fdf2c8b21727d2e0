namespace FaultLab.Agent.Network;

/// <summary>Where the agent believes the laptop is; the forwarding profile picks an action per state.</summary>
public enum NetworkState
{
    /// <summary>The trusted-network criteria match: the corporate LAN.</summary>
    OnTrusted,

    /// <summary>The criteria do not match: anywhere else (home, hotel, café).</summary>
    OffTrusted,

    /// <summary>The criteria match over an active VPN connection.</summary>
    VpnTrusted,

    /// <summary>A captive portal holds the network until the user signs in.</summary>
    CaptivePortal,
}
