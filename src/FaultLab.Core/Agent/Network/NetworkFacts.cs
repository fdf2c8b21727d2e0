using System.Net;
using FaultLab.World;

namespace FaultLab.Agent.Network;

/// <summary>What the laptop's current network looks like to the agent: resolvers in use, search domains, VPN.</summary>
/// <param name="DnsServers">DNS servers the network hands out.</param>
/// <param name="SearchDomains">DNS search domains the network configures.</param>
/// <param name="VpnActive">A VPN connection is up; a trusted verdict then reads VpnTrusted.</param>
public sealed record NetworkFacts(IReadOnlyList<IPAddress> DnsServers, IReadOnlyList<string> SearchDomains, bool VpnActive = false)
{
    /// <summary>The facts of a lab network, given the resolver address the laptop uses on it.</summary>
    public static NetworkFacts From(NetworkProfile network, IPAddress dnsServer, bool vpnActive = false) =>
        new([dnsServer], network.SearchDomains, vpnActive);
}
