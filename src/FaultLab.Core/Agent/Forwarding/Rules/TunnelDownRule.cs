namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>
/// The tunnel is down: fail-open sends traffic direct and Internet Security reads Off (scenario 15);
/// fail-close holds it, so every site times out (scenario 4).
/// </summary>
internal sealed class TunnelDownRule : IForwardingRule
{
    public string Name => "tunnel-down";

    public string Serves => "scenario 4 (tunnel won't establish), scenario 15 (fail-open trap)";

    public ForwardingDecision? Decide(ForwardingSituation s)
    {
        if (!s.ActionUsesTunnel || s.Tunnel != TunnelState.Down) return null;
        return s.Policy.FailOpen.OpensOnEdgeUnreachable
            ? ForwardingDecision.Direct(Name, $"tunnel down: fail-open lets {s.Request.Host} out direct, unprotected")
            : ForwardingDecision.Blocked(Name, $"tunnel down: fail-close holds {s.Request.Host} until the tunnel is back");
    }
}
