namespace FaultLab.Agent.Forwarding;

/// <summary>
/// The app profile's fail-open settings. <see cref="Enabled"/> is the master switch: off means
/// fail-close everywhere; on, the two conditions say which failures open.
/// </summary>
/// <param name="Enabled">Fail open at all (otherwise fail-close).</param>
/// <param name="OnCaptivePortal">While a captive portal holds the network, let traffic out direct.</param>
/// <param name="OnEdgeUnreachable">When the tunnel to the edge is down, let traffic out direct.</param>
/// <param name="TimeoutSeconds">How long the tunnel may fail before it counts as down.</param>
public sealed record FailOpenSettings(bool Enabled, bool OnCaptivePortal, bool OnEdgeUnreachable, int TimeoutSeconds)
{
    public bool OpensOnCaptivePortal => Enabled && OnCaptivePortal;

    public bool OpensOnEdgeUnreachable => Enabled && OnEdgeUnreachable;
}
