namespace FaultLab.Verify.Checks;

/// <summary>One status field an <c>agent</c> check may compare: its lab-file key, how to read it, and the values a lab may ask for.</summary>
/// <param name="Key">The key in the lab file, e.g. "internetSecurity".</param>
/// <param name="Label">How messages name it, e.g. "Internet Security".</param>
/// <param name="Read">Reads the field from a status.</param>
/// <param name="Allowed">The values a lab may expect, or null for free text.</param>
internal sealed record AgentField(string Key, string Label, Func<AgentStatus, string> Read, IReadOnlyList<string>? Allowed)
{
    private const string EstablishedPrefix = "Established over ";

    /// <summary>Every comparable field, in the order messages list them.</summary>
    public static IReadOnlyList<AgentField> All { get; } =
    [
        new("authentication", "authentication", s => s.Authentication, ["Authenticated", "Authenticating", "Registering", "LoginRequired"]),
        new("internetSecurity", "Internet Security", s => s.InternetSecurity, ["On", "Off"]),
        new("privateAccess", "Private Access", s => s.PrivateAccess, ["On", "Off"]),
        new("digitalExperience", "Digital Experience", s => s.DigitalExperience, ["On", "Off"]),
        new("tunnel", "tunnel", s => s.Tunnel, ["established", "established-tls", "established-dtls", "Connecting", "Down"]),
        new("network", "network", s => s.Network, ["OnTrusted", "OffTrusted", "VpnTrusted", "CaptivePortal"]),
        new("edgeName", "edge", s => s.EdgeName, null),
        new("edgeCity", "edge city", s => s.EdgeCity, null),
        new("version", "version", s => s.Version, null),
        new("deviceId", "device id", s => s.DeviceId, null),
    ];

    /// <summary>
    /// Whether <paramref name="actual"/> satisfies <paramref name="expected"/>: "established" accepts a
    /// tunnel over either transport, "established-tls" / "established-dtls" only that one.
    /// </summary>
    public bool Matches(string actual, string expected) => (Key, expected) switch
    {
        ("tunnel", "established") => actual.StartsWith(EstablishedPrefix, StringComparison.OrdinalIgnoreCase),
        ("tunnel", "established-tls") => actual.Equals(EstablishedPrefix + "TLS", StringComparison.OrdinalIgnoreCase),
        ("tunnel", "established-dtls") => actual.Equals(EstablishedPrefix + "DTLS", StringComparison.OrdinalIgnoreCase),
        _ => actual.Equals(expected, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>How an expectation reads in a message, e.g. "established over TLS".</summary>
    public string Describe(string expected) => (Key, expected) switch
    {
        ("tunnel", "established-tls") => "established over TLS",
        ("tunnel", "established-dtls") => "established over DTLS",
        _ => expected,
    };
}
