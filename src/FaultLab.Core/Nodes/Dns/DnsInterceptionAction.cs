namespace FaultLab.Nodes.Dns;

/// <summary>What an interceptor decided to do with a query.</summary>
public enum DnsInterceptionAction
{
    /// <summary>Not this interceptor's business: the next one decides, or the zone answers.</summary>
    Pass,

    /// <summary>Answer NXDOMAIN, as if the name did not exist.</summary>
    NxDomain,

    /// <summary>Answer SERVFAIL.</summary>
    ServFail,

    /// <summary>Answer an A query with <see cref="DnsInterception.Address"/> instead of the real one.</summary>
    WrongAddress,

    /// <summary>Send nothing at all, so the client times out.</summary>
    Drop,
}
