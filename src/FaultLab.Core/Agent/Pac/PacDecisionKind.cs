namespace FaultLab.Agent.Pac;

/// <summary>The keywords a PAC result entry can start with.</summary>
public enum PacDecisionKind
{
    /// <summary><c>DIRECT</c>: connect to the destination without a proxy.</summary>
    Direct,

    /// <summary><c>PROXY host:port</c> (also written <c>HTTP</c>): an HTTP proxy; port 80 when omitted.</summary>
    Proxy,

    /// <summary><c>HTTPS host:port</c>: an HTTP proxy reached over TLS; port 443 when omitted.</summary>
    Https,

    /// <summary><c>SOCKS host:port</c>: a SOCKS proxy of unstated version (browsers use v4); port 1080 when omitted.</summary>
    Socks,

    /// <summary><c>SOCKS4 host:port</c>.</summary>
    Socks4,

    /// <summary><c>SOCKS5 host:port</c>.</summary>
    Socks5,
}
