using System.Net;
using FaultLab.Agent.Network;
using FaultLab.Settings;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>
/// The policy's trusted-network criteria judged by the <see cref="TrustedNetworkDetector"/> against the
/// laptop's network: its resolver (the lab DNS service of the network's view) and search domains.
/// Host names resolve to where the laptop network routes them; no route counts as NXDOMAIN.
/// </summary>
public sealed class TrustedNetworkStateDetector : INetworkStateDetector
{
    private readonly TrustedNetworkDetector _detector = new();

    public async Task<(NetworkState State, string Summary)> DetectAsync(ILaptopNetwork network, SettingsDocument policy, CancellationToken cancellationToken)
    {
        var resolverHost = network.Network.DnsView == "office" ? "dns.corp.lab" : "dns.lab";
        var dnsServer = network.Route(new ServiceAddress(resolverHost, 53, Transport.Udp))?.Address ?? IPAddress.Loopback;
        var verdict = await _detector.DetectAsync(TrustedNetworkCriteria.FromPolicy(policy), NetworkFacts.From(network.Network, dnsServer),
            (host, _) => Task.FromResult(Resolve(network, host)), cancellationToken);
        return (verdict.State, verdict.Summary);
    }

    private static HostResolution Resolve(ILaptopNetwork network, string host)
    {
        var address = (network.Route(new ServiceAddress(host, 443, Transport.Tcp)) ?? network.Route(new ServiceAddress(host, 80, Transport.Tcp)))?.Address;
        return address is null ? HostResolution.Failed(host, "NXDOMAIN") : HostResolution.Resolved(host, [address]);
    }
}
