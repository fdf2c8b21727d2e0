namespace FaultLab.Verify;

/// <summary>
/// The agent's status fields with the tray window's spelling, e.g. Authentication "Authenticated",
/// InternetSecurity "On", Tunnel "Established over DTLS", Network "OffTrusted".
/// </summary>
public sealed record AgentStatus
{
    /// <summary>Authenticated, Authenticating, Registering or LoginRequired.</summary>
    public required string Authentication { get; init; }

    /// <summary>On or Off.</summary>
    public required string InternetSecurity { get; init; }

    /// <summary>On or Off.</summary>
    public required string PrivateAccess { get; init; }

    /// <summary>On or Off.</summary>
    public string DigitalExperience { get; init; } = "Off";

    /// <summary>"Established over DTLS", "Established over TLS", "Connecting" or "Down".</summary>
    public required string Tunnel { get; init; }

    /// <summary>OnTrusted, OffTrusted, VpnTrusted or CaptivePortal.</summary>
    public required string Network { get; init; }

    /// <summary>The edge the agent latched to, e.g. "gateway.edge.lab"; empty when none.</summary>
    public string EdgeName { get; init; } = "";

    /// <summary>That edge's city, e.g. "Frankfurt"; empty when none.</summary>
    public string EdgeCity { get; init; } = "";

    /// <summary>Measured round-trip time to that edge in milliseconds; null when not measured.</summary>
    public double? EdgeRttMs { get; init; }

    /// <summary>The agent build, e.g. "4.4.0.250".</summary>
    public required string Version { get; init; }

    /// <summary>The device identity the agent enrolled with.</summary>
    public string DeviceId { get; init; } = "";
}
