namespace FaultLab.Agent;

/// <summary>How long each step of the agent may take, and how it backs off after a failure.</summary>
public sealed record AgentTimeouts
{
    /// <summary>One HTTP exchange (enroll, policy, one SAML leg, an app request).</summary>
    public TimeSpan HttpRequest { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TLS tunnel connect (TCP plus handshake); the DTLS timeout comes from policy.</summary>
    public TimeSpan TlsHandshake { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Measuring one edge at service start (connect plus one Ping).</summary>
    public TimeSpan EdgeProbe { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>First pause after a failed step; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the status keeps reading Registering after the assertion was refused or could not be
    /// registered, before it falls back to Authenticating for the back-off: long enough for a person
    /// (or a poller) to see the loop Authenticating -> Registering -> back.
    /// </summary>
    public TimeSpan RegistrationFailureHold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a healthy agent checks that its tunnel is still up.</summary>
    public TimeSpan HealthCheck { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How an established tunnel notices a path that silently drops everything: a Ping every interval
    /// while the edge is silent, the tunnel down after the allowed number went unanswered.
    /// </summary>
    public Tunnel.TunnelKeepalive TunnelKeepalive { get; init; } = Tunnel.TunnelKeepalive.Default;

    /// <summary>How long the media test waits for echoes after its last datagram.</summary>
    public TimeSpan MediaEchoWait { get; init; } = TimeSpan.FromSeconds(2);
}
