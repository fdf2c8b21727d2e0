using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>Trusted when the network's DNS search domains include one the policy's trusted-network criteria name.</summary>
public sealed class SearchDomainNetworkDetector : INetworkStateDetector
{
    public string Detect(NetworkProfile network, AgentPolicy policy)
    {
        var trusted = policy.Document["trustedNetwork"]?["dnsSearchDomains"]?.AsArray()
            .Select(n => n?.GetValue<string>()).OfType<string>().ToArray() ?? [];
        return network.SearchDomains.Any(d => trusted.Contains(d, StringComparer.OrdinalIgnoreCase)) ? "OnTrusted" : "OffTrusted";
    }
}
