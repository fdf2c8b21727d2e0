namespace FaultLab.Agent;

/// <summary>What the agent's window shows.</summary>
/// <param name="Running">False when the agent service is stopped or failed; the other fields then say so.</param>
/// <param name="Authentication">Authenticated, Authenticating, Registering or LoginRequired.</param>
/// <param name="InternetSecurity">On or Off.</param>
/// <param name="PrivateAccess">On or Off.</param>
/// <param name="DigitalExperience">On or Off.</param>
/// <param name="Tunnel">"Established over DTLS", "Established over TLS", "Connecting" or "Down".</param>
/// <param name="Network">OnTrusted, OffTrusted, VpnTrusted or CaptivePortal.</param>
/// <param name="Edge">The edge selected at service start; null before.</param>
/// <param name="Version">The installed agent build.</param>
/// <param name="DeviceId">The device id the agent enrolled with.</param>
/// <param name="LastError">Why the last step failed; null when the loop is healthy.</param>
/// <param name="Events">The most recent events, oldest first.</param>
public sealed record AgentStatus(
    bool Running,
    string Authentication,
    string InternetSecurity,
    string PrivateAccess,
    string DigitalExperience,
    string Tunnel,
    string Network,
    AgentEdgeStatus? Edge,
    string Version,
    string DeviceId,
    string? LastError,
    IReadOnlyList<AgentEvent> Events)
{
    /// <summary>
    /// Where the local listening proxy takes requests ("127.0.10.1:PORT") while the forwarding action
    /// for the current network is tunnel-with-local-proxy; null otherwise.
    /// </summary>
    public string? LocalProxy { get; init; }
}
