namespace FaultLab.Nodes.Portal;

/// <summary>Settings of the captive portal node.</summary>
public sealed record CaptivePortalOptions
{
    /// <summary>Node name within the instance.</summary>
    public string Name { get; init; } = "portal";

    /// <summary>The portal's own lab name (HTTP on 80, HTTPS on 443).</summary>
    public string Host { get; init; } = "portal.lab";

    /// <summary>The operating systems' connectivity-check names, answered on HTTP port 80 by the portal.</summary>
    public IReadOnlyList<string> ProbeHosts { get; init; } =
        ["connectivitycheck.gstatic.lab", "captive.apple.lab", "www.msftconnecttest.lab"];

    /// <summary>How long a sign-in lasts before the client is captive again.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether the laptop's network holds clients behind the portal right now. When it does not (no
    /// captive portal on this network, or it was switched off) every client is online, so the OS probes
    /// answer 204 as on any open network.
    /// </summary>
    public Func<bool> HoldsClients { get; init; } = () => true;

    /// <summary>Title of the venue shown on the login page.</summary>
    public string VenueName { get; init; } = "FaultLab Guest Wi-Fi";

    /// <summary>Where captive clients are redirected to (plain HTTP, as hotel portals do).</summary>
    public string LoginRedirectUrl => $"http://{Host}/login";

    /// <summary>The RFC 8908 user-portal-url: the login page over TLS.</summary>
    public string UserPortalUrl => $"https://{Host}/login";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("CaptivePortalOptions.Name must not be empty");
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("CaptivePortalOptions.Host must not be empty");
        if (SessionTtl <= TimeSpan.Zero) throw new ArgumentException($"CaptivePortalOptions.SessionTtl must be positive, got {SessionTtl}");
        if (ProbeHosts.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("CaptivePortalOptions.ProbeHosts must not contain empty names");
    }
}
