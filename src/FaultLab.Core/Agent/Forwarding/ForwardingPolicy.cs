using System.Text.Json;
using System.Text.Json.Nodes;
using FaultLab.Settings;
using FaultLab.World;

namespace FaultLab.Agent.Forwarding;

/// <summary>Everything the forwarding decision reads from the policy and the device, loaded and validated once.</summary>
/// <param name="Profile">The forwarding profile.</param>
/// <param name="FailOpen">The app profile's fail-open settings.</param>
/// <param name="SystemProxyApplied">Whether the laptop's system proxy points at the agent's local listener (device state).</param>
/// <param name="SslInspection">SSL inspection and its bypass list.</param>
/// <param name="UcaasBypass">The UCaaS bypass.</param>
public sealed record ForwardingPolicy(
    ForwardingProfile Profile,
    FailOpenSettings FailOpen,
    bool SystemProxyApplied,
    SslInspectionPolicy SslInspection,
    UcaasBypassPolicy UcaasBypass)
{
    /// <summary>The captive portal's sign-in hosts, reachable direct while the portal holds the network.</summary>
    public IReadOnlyList<HostPattern> CaptivePortalHosts { get; init; } = [HostPattern.Parse("portal.lab")];

    /// <summary>Hosts that are the edge; a PAC PROXY to one of them on an edge proxy port is protected.</summary>
    public IReadOnlyList<HostPattern> EdgeProxyHosts { get; init; } = [HostPattern.Parse("*.edge.lab")];

    /// <summary>The ports the edge accepts proxy traffic on.</summary>
    public IReadOnlySet<int> EdgeProxyPorts { get; init; } = new HashSet<int> { 80, 443, 9400, 9480, 9443 };

    /// <summary>Whether a PAC proxy entry points at the edge's proxy service.</summary>
    public bool IsEdgeProxy(string host, int port) => EdgeProxyPorts.Contains(port) && EdgeProxyHosts.Any(p => p.Matches(host));

    /// <summary>Reads the forwarding profile, fail-open, SSL inspection and UCaaS bypass from the policy and systemProxyApplied from the device.</summary>
    public static ForwardingPolicy FromSettings(SettingsDocument policy, SettingsDocument device)
    {
        var tunnelVersion = Integer(policy, "forwarding.tunnelVersion");
        if (tunnelVersion is not (1 or 2))
            throw new SettingsException($"'forwarding.tunnelVersion' takes 1 or 2, got {tunnelVersion}");
        var profile = new ForwardingProfile(
            Action(policy, "forwarding.onTrusted"),
            Action(policy, "forwarding.offTrusted"),
            Action(policy, "forwarding.vpnTrusted"),
            tunnelVersion,
            Flag(policy, "forwarding.localProxyRedirect"));
        var failOpen = new FailOpenSettings(
            Flag(policy, "appProfile.failOpen.enabled"),
            Flag(policy, "appProfile.failOpen.onCaptivePortal"),
            Flag(policy, "appProfile.failOpen.onEdgeUnreachable"),
            Integer(policy, "appProfile.failOpen.timeoutSeconds"));
        return new ForwardingPolicy(
            profile,
            failOpen,
            Flag(device, "systemProxyApplied"),
            new SslInspectionPolicy(Flag(policy, "sslInspection.enabled"), Patterns(policy, "sslInspection.bypass")),
            new UcaasBypassPolicy(Flag(policy, "ucaasBypass.enabled"), Patterns(policy, "ucaasBypass.hosts")));
    }

    private static ForwardingAction Action(SettingsDocument policy, string key) =>
        policy.Get(key)!.GetValue<string>().Trim().ToLowerInvariant() switch
        {
            "tunnel" => ForwardingAction.Tunnel,
            "tunnel-with-local-proxy" => ForwardingAction.TunnelWithLocalProxy,
            "enforce-pac" => ForwardingAction.EnforcePac,
            "none" => ForwardingAction.None,
            var other => throw new SettingsException($"'{key}' takes tunnel, tunnel-with-local-proxy, enforce-pac or none, got '{other}'"),
        };

    private static bool Flag(SettingsDocument document, string key) => document.Get(key)!.GetValue<bool>();

    private static int Integer(SettingsDocument document, string key)
    {
        // Deserialize reads numbers whichever way they were stored (file or set from text).
        var value = document.Get(key)!.Deserialize<double>();
        return value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new SettingsException($"'{key}' takes a whole number, got {value}");
    }

    private static HostPattern[] Patterns(SettingsDocument policy, string key) =>
        policy.Get(key)!.AsArray().Select(n => Pattern(n, key)).ToArray();

    private static HostPattern Pattern(JsonNode? node, string key)
    {
        if (node?.GetValueKind() != JsonValueKind.String)
            throw new SettingsException($"'{key}' takes a list of host patterns, found {node?.ToJsonString() ?? "null"}");
        return HostPattern.TryParse(node.GetValue<string>(), out var pattern, out var error)
            ? pattern
            : throw new SettingsException($"'{key}': {error}");
    }
}
