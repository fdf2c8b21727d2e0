using FaultLab.Agent.Network;

namespace FaultLab.Agent.Forwarding.Rules;

/// <summary>
/// While a captive portal holds the network, only the portal's sign-in page goes out (direct); the
/// rest goes direct if fail-open on captive portal is set, otherwise it is held. Scenario 9.
/// </summary>
internal sealed class CaptivePortalRule : IForwardingRule
{
    public string Name => "captive-portal";

    public string Serves => "scenario 9 (captive portal detected)";

    public ForwardingDecision? Decide(ForwardingSituation s)
    {
        if (s.Network != NetworkState.CaptivePortal) return null;
        var host = s.Request.Host;
        if (s.Policy.CaptivePortalHosts.Any(p => p.Matches(host)))
            return ForwardingDecision.Direct(Name, $"captive portal: the sign-in page {host} goes direct");
        return s.Policy.FailOpen.OpensOnCaptivePortal
            ? ForwardingDecision.Direct(Name, $"captive portal: fail-open lets {host} out direct until the Wi-Fi sign-in is done")
            : ForwardingDecision.Blocked(Name, $"captive portal: {host} is held until the Wi-Fi sign-in is done (fail-open on captive portal is off)");
    }
}
