using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Settings;

namespace FaultLab.Agent.Network;

/// <summary>
/// The policy's trusted-network criteria. DNS server and search domain are static properties of the
/// network; hostname-to-IP is dynamic and fails with DNS (the guide's scenario 8).
/// </summary>
public sealed record TrustedNetworkCriteria(
    IReadOnlyList<IPAddress> DnsServers,
    IReadOnlyList<string> DnsSearchDomains,
    IReadOnlyList<HostnameIpCriterion> HostnameIp,
    CriteriaMatch Match)
{
    public bool IsEmpty => DnsServers.Count == 0 && DnsSearchDomains.Count == 0 && HostnameIp.Count == 0;

    /// <summary>Reads <c>trustedNetwork.*</c> from the policy; a value that is not an address or a known mode is refused with its key.</summary>
    public static TrustedNetworkCriteria FromPolicy(SettingsDocument policy)
    {
        var servers = Strings(policy, "trustedNetwork.dnsServers").Select(s => Address(s, "trustedNetwork.dnsServers")).ToArray();
        var domains = Strings(policy, "trustedNetwork.dnsSearchDomains");
        var pairs = policy.Get("trustedNetwork.hostnameIp")!.AsArray().Select(HostnameIpEntry).ToArray();
        var match = policy.Get("trustedNetwork.match")!.GetValue<string>().Trim().ToLowerInvariant() switch
        {
            "any" => CriteriaMatch.Any,
            "all" => CriteriaMatch.All,
            var other => throw new SettingsException($"'trustedNetwork.match' takes any or all, got '{other}'"),
        };
        return new TrustedNetworkCriteria(servers, domains, pairs, match);
    }

    private static string[] Strings(SettingsDocument policy, string key) =>
        policy.Get(key)!.AsArray().Select(n => n?.GetValueKind() == JsonValueKind.String
            ? n.GetValue<string>()
            : throw new SettingsException($"'{key}' takes a list of text, found {n?.ToJsonString() ?? "null"}")).ToArray();

    private static HostnameIpCriterion HostnameIpEntry(JsonNode? entry)
    {
        const string key = "trustedNetwork.hostnameIp";
        if (entry is not JsonObject o || o["host"]?.GetValueKind() != JsonValueKind.String || o["ip"]?.GetValueKind() != JsonValueKind.String)
            throw new SettingsException($"'{key}' takes entries like {{\"host\": \"intranet.corp.lab\", \"ip\": \"10.0.0.5\"}}, found {entry?.ToJsonString() ?? "null"}");
        return new HostnameIpCriterion(o["host"]!.GetValue<string>(), Address(o["ip"]!.GetValue<string>(), key));
    }

    private static IPAddress Address(string text, string key) =>
        IPAddress.TryParse(text, out var ip) ? ip : throw new SettingsException($"'{key}': '{text}' is not an IP address");
}
