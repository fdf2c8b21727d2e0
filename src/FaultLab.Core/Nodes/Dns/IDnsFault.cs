namespace FaultLab.Nodes.Dns;

/// <summary>A fault kind that acts on the lab DNS: decides a query's fate before the node answers.</summary>
public interface IDnsFault
{
    /// <summary>What to do with <paramref name="query"/>; <see cref="DnsInterception.Pass"/> when the fault does not apply.</summary>
    DnsInterception Decide(DnsQuery query, Faults.FaultSwitch state);
}
