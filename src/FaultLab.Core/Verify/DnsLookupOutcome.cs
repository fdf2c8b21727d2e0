namespace FaultLab.Verify;

/// <summary>How a lab DNS lookup ended.</summary>
public enum DnsLookupOutcome
{
    /// <summary>The name has at least one address.</summary>
    Resolved,
    /// <summary>The server said the name does not exist.</summary>
    NxDomain,
    /// <summary>The name exists but has no address of the asked type.</summary>
    NoData,
    /// <summary>The server failed to answer (SERVFAIL or REFUSED).</summary>
    ServerFailure,
    /// <summary>No answer came in time.</summary>
    Timeout,
}
