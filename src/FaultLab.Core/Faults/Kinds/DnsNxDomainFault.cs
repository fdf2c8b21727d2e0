using FaultLab.Nodes.Dns;

namespace FaultLab.Faults.Kinds;

/// <summary>The lab DNS says the names do not exist (NXDOMAIN).</summary>
public sealed class DnsNxDomainFault : DnsFault
{
    public override string Kind => "dns-nxdomain";

    public override DnsInterception Decide(DnsQuery query, FaultSwitch state) => Applies(query) ? DnsInterception.NxDomain : DnsInterception.Pass;
}
