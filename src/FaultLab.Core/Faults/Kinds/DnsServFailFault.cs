using FaultLab.Nodes.Dns;

namespace FaultLab.Faults.Kinds;

/// <summary>The lab DNS fails to answer the names (SERVFAIL), as a broken upstream resolver does.</summary>
public sealed class DnsServFailFault : DnsFault
{
    public override string Kind => "dns-servfail";

    public override DnsInterception Decide(DnsQuery query, FaultSwitch state) => Applies(query) ? DnsInterception.ServFail : DnsInterception.Pass;
}
