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

    /// <summary>How often a healthy agent checks that its tunnel is still up.</summary>
    public TimeSpan HealthCheck { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the media test waits for echoes after its last datagram.</summary>
    public TimeSpan MediaEchoWait { get; init; } = TimeSpan.FromSeconds(2);
}
