namespace FaultLab.Tunnel;

/// <summary>What the first bytes of a connection turned out to be.</summary>
public enum ClientHelloPeekStatus
{
    /// <summary>A valid prefix of a TLS ClientHello so far; more bytes are needed.</summary>
    Incomplete,

    /// <summary>A whole TLS ClientHello; the server name, if any, was read.</summary>
    Complete,

    /// <summary>Not a TLS ClientHello (another protocol, or a malformed hello): the bytes are passed through.</summary>
    NotTls,
}
