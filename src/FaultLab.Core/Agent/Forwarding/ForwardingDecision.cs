namespace FaultLab.Agent.Forwarding;

/// <summary>How the agent forwards one connection, which rule decided it and why, and what that means for protection.</summary>
public sealed record ForwardingDecision
{
    private ForwardingDecision(ForwardingRoute route, string rule, string reason, string? proxyHost, int? proxyPort, bool throughEdge)
    {
        Route = route;
        Rule = rule;
        Reason = reason;
        ProxyHost = proxyHost;
        ProxyPort = proxyPort;
        ThroughEdge = throughEdge;
    }

    public ForwardingRoute Route { get; }

    /// <summary>The name of the rule that decided, e.g. "tunnel-down".</summary>
    public string Rule { get; }

    /// <summary>Why, in the words the agent log uses.</summary>
    public string Reason { get; }

    /// <summary>The PAC proxy for <see cref="ForwardingRoute.ViaProxy"/>; null otherwise.</summary>
    public string? ProxyHost { get; }

    public int? ProxyPort { get; }

    /// <summary>The connection reaches the edge, so the edge's security applies to it.</summary>
    public bool ThroughEdge { get; }

    /// <summary>The edge will decrypt and re-sign this connection with its inspection CA.</summary>
    public bool SslInspected { get; internal init; }

    /// <summary>What the agent's status shows for Internet Security in this situation.</summary>
    public InternetSecurityVerdict InternetSecurity { get; internal init; } = InternetSecurityVerdict.Off("not evaluated");

    public bool InternetSecurityOn => InternetSecurity.On;

    internal static ForwardingDecision Tunnel(string rule, string reason) => new(ForwardingRoute.Tunnel, rule, reason, null, null, true);

    internal static ForwardingDecision LocalProxy(string rule, string reason) => new(ForwardingRoute.LocalProxy, rule, reason, null, null, true);

    internal static ForwardingDecision ViaProxy(string rule, string reason, string host, int port, bool throughEdge) =>
        new(ForwardingRoute.ViaProxy, rule, reason, host, port, throughEdge);

    internal static ForwardingDecision Direct(string rule, string reason) => new(ForwardingRoute.Direct, rule, reason, null, null, false);

    internal static ForwardingDecision Blocked(string rule, string reason) => new(ForwardingRoute.Blocked, rule, reason, null, null, false);

    public override string ToString()
    {
        var where = Route == ForwardingRoute.ViaProxy ? $"ViaProxy {ProxyHost}:{ProxyPort}" : Route.ToString();
        return $"{where} [{Rule}] {Reason}{(SslInspected ? " (SSL inspected)" : "")}";
    }
}
