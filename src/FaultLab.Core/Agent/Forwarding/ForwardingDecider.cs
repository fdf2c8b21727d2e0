using FaultLab.Agent.Forwarding.Rules;
using FaultLab.Agent.Network;
using FaultLab.Agent.Pac;

namespace FaultLab.Agent.Forwarding;

/// <summary>
/// Decides how the agent forwards one connection by asking the guide's rules in order, then adds
/// whether the edge will SSL-inspect it and what the Internet Security status reads.
/// </summary>
public sealed class ForwardingDecider
{
    /// <summary>The rules in the order they are asked; the last one always answers.</summary>
    public IReadOnlyList<IForwardingRule> Rules { get; } =
    [
        // The network itself holds traffic before any profile action matters.
        new CaptivePortalRule(),
        new ActionNoneRule(),
        new UcaasBypassRule(),
        // Enforce PAC talks to the edge's proxy ports over the internet; the tunnel plays no part.
        new EnforcePacRule(),
        // Traffic the tunnel never intercepts leaks direct whatever the tunnel's state.
        new TunnelV1WebPortsRule(),
        new LocalProxyNotAppliedRule(),
        new TunnelDownRule(),
        new TunnelRule(),
    ];

    /// <summary>The decision for one connection.</summary>
    /// <param name="policy">Policy and device settings.</param>
    /// <param name="network">Where the laptop is.</param>
    /// <param name="tunnel">Whether the tunnel carries traffic.</param>
    /// <param name="request">The connection.</param>
    /// <param name="pac">The PAC's answer for the request's URL; needed under enforce-pac, ignored otherwise.</param>
    public ForwardingDecision Decide(ForwardingPolicy policy, NetworkState network, TunnelState tunnel, ForwardingRequest request, PacResult? pac = null)
    {
        var situation = new ForwardingSituation(policy, network, tunnel, request, pac);
        var security = InternetSecurityVerdict.Of(policy, network, tunnel);
        foreach (var rule in Rules)
        {
            if (rule.Decide(situation) is not { } decision) continue;
            return decision with
            {
                SslInspected = decision.ThroughEdge && policy.SslInspection.Inspects(request),
                InternetSecurity = security,
            };
        }
        throw new InvalidOperationException($"no forwarding rule decided {request}; the last rule must always answer");
    }
}
