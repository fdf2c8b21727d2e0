namespace FaultLab.Middleboxes.Http;

/// <summary>What the first bytes of a connection through the middlebox are.</summary>
internal enum FirstBytes
{
    /// <summary>Neither TLS, CONNECT nor an HTTP method.</summary>
    Unknown,
    /// <summary>A TLS handshake record (a ClientHello, read for its SNI).</summary>
    Tls,
    /// <summary>An explicit-proxy CONNECT request.</summary>
    Connect,
    /// <summary>Another HTTP method: plain HTTP.</summary>
    Http,
    /// <summary>The client closed without sending anything.</summary>
    Closed,
}
