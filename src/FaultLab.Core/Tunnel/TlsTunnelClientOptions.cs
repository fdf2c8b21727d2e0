using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Tunnel;

/// <summary>How the tunnel client sets up the TLS fallback.</summary>
/// <param name="ServerName">The gateway name sent as SNI and checked against the certificate.</param>
/// <param name="TrustRoot">The only root the edge's chain may end at.</param>
public sealed record TlsTunnelClientOptions(string ServerName, X509Certificate2 TrustRoot)
{
    /// <summary>TCP connect plus TLS handshake must finish within this.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Source address of the client's socket (the laptop's loopback address); 127.0.0.1 when null.</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>How long Hello, Open and Ping wait for the edge's answer (longer than the edge's own origin connect timeout, so its reason arrives first).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How the client notices an edge that stopped answering on an established tunnel.</summary>
    public TunnelKeepalive Keepalive { get; init; } = TunnelKeepalive.Default;

    /// <summary>The client's clock, for certificate validity and round-trip times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
