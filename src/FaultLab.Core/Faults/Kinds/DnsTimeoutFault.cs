using FaultLab.Nodes.Dns;

namespace FaultLab.Faults.Kinds;

/// <summary>The lab DNS never answers the names: the client times out.</summary>
public sealed class DnsTimeoutFault : DnsFault
{
    public override string Kind => "dns-timeout";

    public override DnsInterception Decide(DnsQuery query, FaultSwitch state) => Applies(query) ? DnsInterception.Drop : DnsInterception.Pass;
}
