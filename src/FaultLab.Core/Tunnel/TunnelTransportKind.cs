namespace FaultLab.Tunnel;

/// <summary>What carries a tunnel: DTLS over UDP, or the TLS-over-TCP fallback.</summary>
public enum TunnelTransportKind
{
    Dtls,
    Tls,
}
