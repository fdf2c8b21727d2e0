using FaultLab.Agent.Pac;

namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>
/// Enforce PAC: the first DIRECT or PROXY entry of the PAC decides. DIRECT sends the host straight
/// out, skipping the edge (scenario 6's stray DIRECT rule); PROXY to an edge proxy port is protected.
/// A PAC that fails to evaluate makes clients go direct, as browsers fall back to DIRECT.
/// </summary>
internal sealed class EnforcePacRule : IForwardingRule
{
    public string Name => "enforce-pac";

    public string Serves => "scenario 6 (a PAC DIRECT rule sends the destination straight out)";

    public ForwardingDecision? Decide(ForwardingSituation s)
    {
        if (s.Action != ForwardingAction.EnforcePac) return null;
        var host = s.Request.Host;
        if (s.Pac is null)
            return ForwardingDecision.Direct(Name, $"enforce-pac without a PAC answer for {host}: it goes direct");
        if (!s.Pac.Succeeded)
            return ForwardingDecision.Direct(Name, $"PAC evaluation failed ({s.Pac.Error}: {s.Pac.Message}): {host} falls back to direct");

        // The agent's apps speak HTTP proxy only; SOCKS entries are passed over like an unreachable proxy.
        var entry = s.Pac.Decisions.FirstOrDefault(d => d.Kind is PacDecisionKind.Direct or PacDecisionKind.Proxy or PacDecisionKind.Https);
        if (entry is null)
            return ForwardingDecision.Direct(Name, $"PAC lists only SOCKS proxies for {host} ({s.Pac.Returned}): it goes direct");
        if (entry.IsDirect)
            return ForwardingDecision.Direct(Name, $"PAC returned DIRECT for {host}: it skips the edge");

        var edge = s.Policy.IsEdgeProxy(entry.Host!, entry.Port!.Value);
        var reason = edge
            ? $"PAC sends {host} to the edge proxy {entry.Host}:{entry.Port}"
            : $"PAC sends {host} to {entry.Host}:{entry.Port}, which is not an edge proxy port";
        return ForwardingDecision.ViaProxy(Name, reason, entry.Host!, entry.Port!.Value, edge);
    }
}
