namespace FaultLab.Nodes.Dns;

/// <summary>Which resolver a query reached: split horizon between the public and the office network.</summary>
public enum DnsView
{
    /// <summary>The resolver everyone gets (dns.lab): the corporate zone does not exist here.</summary>
    Public,

    /// <summary>The office resolver (dns.corp.lab): answers the corporate zone as well.</summary>
    Office,
}
