using System.Net;
using FaultLab.Agent.Network;
using FaultLab.Settings;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>
/// The policy's trusted-network criteria judged by the <see cref="TrustedNetworkDetector"/> against the
/// laptop's network: its resolver (the lab DNS service of the network's view) and search domains.
/// Host names are asked of that resolver over the laptop's link, so DNS faults reach the verdict.
/// </summary>
public sealed class TrustedNetworkStateDetector : INetworkStateDetector
{
    private readonly TrustedNetworkDetector _detector = new();

    public async Task<(NetworkState State, string Summary)> DetectAsync(ILaptopNetwork network, SettingsDocument policy, CancellationToken cancellationToken)
    {
        var resolverHost = network.Network.DnsView == "office" ? "dns.corp.lab" : "dns.lab";
        var resolver = LabDnsResolver.ResolverFor(network);
        var verdict = await _detector.DetectAsync(TrustedNetworkCriteria.FromPolicy(policy), NetworkFacts.From(network.Network, resolver?.Address ?? IPAddress.Loopback),
            LabDnsResolver.For(network), cancellationToken);
        return (verdict.State, verdict.Summary);
    }
}
