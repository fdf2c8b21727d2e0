using FaultLab.Agent.Network;

namespace FaultLab.Agent.Forwarding;

/// <summary>
/// The Internet Security service status the agent shows, and why. It is a statement about the
/// agent, not about one connection: with tunnel-with-local-proxy and no system proxy it reads On while
/// web traffic leaks direct (scenario 6); after fail-open it reads Off while browsing works (scenario 15).
/// </summary>
public sealed record InternetSecurityVerdict(bool On, string Reason)
{
    public static InternetSecurityVerdict Off(string reason) => new(false, reason);

    /// <summary>The status for a network state and tunnel state under a policy.</summary>
    public static InternetSecurityVerdict Of(ForwardingPolicy policy, NetworkState network, TunnelState tunnel)
    {
        if (network == NetworkState.CaptivePortal)
            return Off("captive portal detected: the Wi-Fi sign-in is not done");
        var action = policy.Profile.ActionFor(network);
        return action switch
        {
            ForwardingAction.None => Off($"forwarding action for {network} is none"),
            ForwardingAction.EnforcePac => new(true, "enforce-pac: the PAC sends traffic to the edge's proxy ports"),
            _ when tunnel == TunnelState.Down && policy.FailOpen.OpensOnEdgeUnreachable =>
                Off("tunnel down: fail-open lets traffic out direct, unprotected"),
            _ when tunnel == TunnelState.Down => Off("tunnel down: fail-close blocks traffic"),
            _ => new(true, $"tunnel up, forwarding action for {network} is {action}"),
        };
    }

    public override string ToString() => $"{(On ? "On" : "Off")} ({Reason})";
}
