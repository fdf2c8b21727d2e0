using FaultLab.Agent.Network;
using FaultLab.Agent.Pac;

namespace FaultLab.Agent.Forwarding;

/// <summary>Everything a forwarding rule looks at for one connection.</summary>
/// <param name="Policy">Policy and device settings.</param>
/// <param name="Network">Where the laptop is.</param>
/// <param name="Tunnel">Whether the tunnel carries traffic.</param>
/// <param name="Request">The connection.</param>
/// <param name="Pac">The PAC's answer for this URL, when the agent evaluated one.</param>
public sealed record ForwardingSituation(
    ForwardingPolicy Policy,
    NetworkState Network,
    TunnelState Tunnel,
    ForwardingRequest Request,
    PacResult? Pac)
{
    /// <summary>The forwarding profile's action for the current network.</summary>
    public ForwardingAction Action => Policy.Profile.ActionFor(Network);

    /// <summary>The actions that depend on the tunnel being up.</summary>
    public bool ActionUsesTunnel => Action is ForwardingAction.Tunnel or ForwardingAction.TunnelWithLocalProxy;
}
