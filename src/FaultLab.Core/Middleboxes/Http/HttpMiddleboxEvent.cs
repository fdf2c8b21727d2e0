namespace FaultLab.Middleboxes.Http;

/// <summary>Things the HTTP middlebox counts; each is one member so a listing names them all.</summary>
public enum HttpMiddleboxEvent
{
    /// <summary>A client connection was accepted.</summary>
    Connection,
    /// <summary>An explicit-proxy CONNECT was read.</summary>
    ConnectRequest,
    /// <summary>A CONNECT head could not be read.</summary>
    MalformedConnect,
    /// <summary>A transparent TLS ClientHello was read.</summary>
    ClientHello,
    /// <summary>The first bytes started like TLS but were not a well-formed ClientHello.</summary>
    MalformedClientHello,
    /// <summary>A ClientHello without a server name: there is nowhere to route it.</summary>
    MissingServerName,
    /// <summary>A connection began with plain HTTP.</summary>
    PlainHttp,
    /// <summary>The first bytes were neither CONNECT, TLS nor HTTP.</summary>
    UnrecognisedProtocol,
    /// <summary>The client sent nothing within the first-bytes timeout.</summary>
    FirstBytesTimedOut,
    /// <summary>A connection fault (captive interception) refused a connection.</summary>
    RefusedByFault,
    /// <summary>A TLS connection was passed through because its host is on the bypass list.</summary>
    Bypassed,
    /// <summary>A connection was relayed byte for byte to the real service.</summary>
    PassedThrough,
    /// <summary>A TLS connection was terminated with a re-signed leaf.</summary>
    Resigned,
    /// <summary>The real service could not be reached (not in the directory, or the connect failed).</summary>
    UpstreamUnreachable,
    /// <summary>The real service's certificate did not chain to the lab root or the pinned origin CA.</summary>
    UpstreamCertificateRejected,
    /// <summary>A request was inspected (plain HTTP or re-signed HTTPS).</summary>
    RequestInspected,
    /// <summary>A request fault answered a request itself.</summary>
    AnsweredByFault,
    /// <summary>A request was forwarded and the origin answered.</summary>
    Forwarded,
    /// <summary>Forwarding failed; the client got 502 with the reason.</summary>
    ForwardFailed,
    /// <summary>A plain HTTP request had no Host to route by.</summary>
    MissingHost,
    /// <summary>A relayed connection ended with an error on one side.</summary>
    RelayReset,
    /// <summary>A connection relayed untouched was reset because a re-signing fault switched on and would now inspect it.</summary>
    TakenOverForInspection,
}
