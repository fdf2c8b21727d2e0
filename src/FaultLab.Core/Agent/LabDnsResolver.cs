using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.Agent.Network;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>The laptop's DNS: names are asked of the resolver its network hands out, over the laptop's link, so DNS faults reach the agent.</summary>
public static class LabDnsResolver
{
    private const int QueryTimeoutMs = 1500;

    /// <summary>Where the laptop's resolver is reached: the office resolver on the office network, the public one elsewhere.</summary>
    public static IPEndPoint? ResolverFor(ILaptopNetwork network) =>
        network.Route(new ServiceAddress(network.Network.DnsView == "office" ? "dns.corp.lab" : "dns.lab", 53, Transport.Udp));

    /// <summary>A resolver delegate for the PAC evaluator and the trusted-network detector.</summary>
    public static HostResolver For(ILaptopNetwork network) => (host, ct) => ResolveAsync(ResolverFor(network), host, ct);

    public static async Task<HostResolution> ResolveAsync(IPEndPoint? resolver, string host, CancellationToken cancellationToken)
    {
        if (resolver is null) return HostResolution.Failed(host, "no resolver on this network");
        using var client = new DnsClient([resolver.Address], [new UdpClientTransport(resolver.Port)], true, QueryTimeoutMs);
        var answer = await client.ResolveAsync(DomainName.Parse(host), RecordType.A, token: cancellationToken);
        var addresses = answer?.AnswerRecords.OfType<ARecord>().Select(a => a.Address).ToArray() ?? [];
        return answer switch
        {
            null => HostResolution.Failed(host, "timed out"),
            { ReturnCode: ReturnCode.NoError } when addresses.Length > 0 => HostResolution.Resolved(host, addresses),
            _ => HostResolution.Failed(host, answer.ReturnCode.ToString().ToUpperInvariant()),
        };
    }
}
