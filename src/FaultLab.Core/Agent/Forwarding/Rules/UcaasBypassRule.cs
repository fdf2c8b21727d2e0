namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>With the UCaaS bypass on, calling and meeting hosts go direct instead of riding the tunnel. Scenario 7.</summary>
internal sealed class UcaasBypassRule : IForwardingRule
{
    public string Name => "ucaas-bypass";

    public string Serves => "scenario 7 (Teams/Zoom media bypass)";

    public ForwardingDecision? Decide(ForwardingSituation s) => !s.Policy.UcaasBypass.Bypasses(s.Request.Host)
        ? null
        : ForwardingDecision.Direct(Name, $"UCaaS bypass: {s.Request} goes direct, off the tunnel");
}
