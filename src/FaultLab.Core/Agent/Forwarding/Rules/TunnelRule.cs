namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>
/// The healthy path, asked last: with the tunnel up, web traffic under tunnel-with-local-proxy goes
/// to the local listener and everything else the profile tunnels goes into the tunnel. Scenario 4's verify.
/// </summary>
internal sealed class TunnelRule : IForwardingRule
{
    public string Name => "tunnel";

    public string Serves => "scenario 4 verify (traffic reaches the edge)";

    public ForwardingDecision? Decide(ForwardingSituation s) =>
        s.Action == ForwardingAction.TunnelWithLocalProxy && s.Request.IsWeb
            ? ForwardingDecision.LocalProxy(Name, $"{s.Request.Host} goes to the local listening proxy, then through the tunnel")
            : ForwardingDecision.Tunnel(Name, $"{s.Request} goes through Z-Tunnel {s.Policy.Profile.TunnelVersion}.0");
}
