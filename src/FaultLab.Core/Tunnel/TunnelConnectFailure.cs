namespace FaultLab.Tunnel;

/// <summary>Why a tunnel could not be set up; the agent maps each to what it shows and whether it falls back.</summary>
public enum TunnelConnectFailure
{
    /// <summary>Nothing answered within the handshake timeout (UDP dropped on the path, silent port).</summary>
    HandshakeTimeout,
    /// <summary>The edge's port refused the connection (TCP reset, or ICMP port unreachable for UDP).</summary>
    Refused,
    /// <summary>The edge's certificate did not chain to the trusted root or did not name the gateway.</summary>
    CertificateRejected,
    /// <summary>The handshake failed for another reason (alert, protocol mismatch, connection lost).</summary>
    HandshakeFailed,
}
