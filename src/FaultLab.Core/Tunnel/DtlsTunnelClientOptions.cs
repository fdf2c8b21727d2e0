using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Tunnel;

/// <summary>How the tunnel client sets up DTLS.</summary>
/// <param name="ServerName">The gateway name sent as SNI and checked against the certificate.</param>
/// <param name="TrustRoot">The only root the edge's chain may end at.</param>
public sealed record DtlsTunnelClientOptions(string ServerName, X509Certificate2 TrustRoot)
{
    /// <summary>The DTLS timeout: with no completed handshake by then, the connect fails (and the agent may fall back to TLS).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Tunnel MTU in bytes: the largest IP packet a DTLS record may make.</summary>
    public int Mtu { get; init; } = 1400;

    /// <summary>Source address of the client's socket (the laptop's loopback address); 127.0.0.1 when null.</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>How long Hello, Open and Ping wait for the edge's answer (longer than the edge's own origin connect timeout, so its reason arrives first).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How the client notices an edge that stopped answering on an established tunnel.</summary>
    public TunnelKeepalive Keepalive { get; init; } = TunnelKeepalive.Default;

    /// <summary>The client's clock, for certificate validity and round-trip times (the laptop's clock may be skewed).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
