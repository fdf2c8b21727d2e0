namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>
/// Z-Tunnel 1.0 carries only web ports (TCP 80/443); anything else, such as SSH on 22, is not
/// intercepted and leaks direct. The guide's predict-question after scenario 5.
/// </summary>
internal sealed class TunnelV1WebPortsRule : IForwardingRule
{
    public string Name => "tunnel-v1-web-ports";

    public string Serves => "scenario 5 predict question (SSH fails on Z-Tunnel 1.0)";

    public ForwardingDecision? Decide(ForwardingSituation s) =>
        !s.ActionUsesTunnel || s.Policy.Profile.TunnelVersion != 1 || s.Request.IsWeb
            ? null
            : ForwardingDecision.Direct(Name, $"Z-Tunnel 1.0 carries only web ports 80/443 over TCP: {s.Request} goes direct");
}
