using System.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.Nodes.Dns;

namespace FaultLab.Faults.Kinds;

/// <summary>The lab DNS answers A queries for the names with a wrong address (a stale record, a hijacking resolver).</summary>
public sealed class DnsWrongAnswerFault : DnsFault
{
    public override string Kind => "dns-wrong-answer";

    [FaultParameter("the IPv4 address answered instead of the real one")]
    public string Address { get; set; } = "";

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (!IPAddress.TryParse(Address, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            yield return $"'address' must be an IPv4 address, got '{Address}'";
        else if (!IPAddress.IsLoopback(ip))
            yield return $"'address' must be in 127.0.0.0/8 (lab traffic never leaves this machine), got '{Address}'";
    }

    public override DnsInterception Decide(DnsQuery query, FaultSwitch state) =>
        Applies(query) && query.Type == RecordType.A ? DnsInterception.WrongAddress(IPAddress.Parse(Address)) : DnsInterception.Pass;

    public override string Describe() => $"{base.Describe()} (answers {Address})";
}
