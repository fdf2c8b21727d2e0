using FaultLab.World;

namespace FaultLab.Agent.Forwarding;

/// <summary>Calling and meeting hosts whose traffic goes direct when the bypass is on (the guide's scenario 7).</summary>
public sealed record UcaasBypassPolicy(bool Enabled, IReadOnlyList<HostPattern> Hosts)
{
    public bool Bypasses(string host) => Enabled && Hosts.Any(p => p.Matches(host));
}
