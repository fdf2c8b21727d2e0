namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>
/// Tunnel with local proxy protects web traffic only when it reaches the local listener: the system
/// proxy is applied, or (Z-Tunnel 2.0) web traffic is redirected to the listener. Otherwise apps go
/// direct while the agent looks healthy. Scenario 6.
/// </summary>
internal sealed class LocalProxyNotAppliedRule : IForwardingRule
{
    public string Name => "local-proxy-not-applied";

    public string Serves => "scenario 6 (tunnel with local proxy, system proxy not applied)";

    public ForwardingDecision? Decide(ForwardingSituation s) =>
        s.Action != ForwardingAction.TunnelWithLocalProxy || !s.Request.IsWeb
        || s.Policy.SystemProxyApplied || s.Policy.Profile.RedirectsWebToLocalProxy
            ? null
            : ForwardingDecision.Direct(Name,
                $"tunnel with local proxy: the system proxy is not applied and web traffic is not redirected to the listener, so {s.Request.Host} goes direct");
}
