namespace FaultLab.Faults.Kinds;

/// <summary>How a failing DNS query fails.</summary>
public enum DnsFailureMode
{
    Servfail,
    Timeout,
}
