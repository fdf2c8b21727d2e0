using FaultLab.World;

namespace FaultLab.Agent.Forwarding;

/// <summary>Whether the edge re-signs tunnelled HTTPS, and the hosts it leaves alone (the guide's scenario 12).</summary>
public sealed record SslInspectionPolicy(bool Enabled, IReadOnlyList<HostPattern> Bypass)
{
    /// <summary>Whether the edge inspects this request once it reaches the edge.</summary>
    public bool Inspects(ForwardingRequest request) =>
        Enabled && request.IsHttps && !Bypass.Any(p => p.Matches(request.Host));
}
