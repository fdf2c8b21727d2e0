using FaultLab.Nodes.Dns;
using FaultLab.World;

namespace FaultLab.Faults.Kinds;

/// <summary>Common ground of the DNS fault kinds: they act on the lab DNS for names matching <see cref="Names"/>.</summary>
public abstract class DnsFault : Fault, IDnsFault
{
    public override FaultTarget Target => FaultTarget.Node;
    public override string? DefaultNode => "dns";

    [FaultParameter("host name patterns the fault applies to (idp.lab, *.corp.lab, *)")]
    public IReadOnlyList<string> Names { get; set; } = ["*"];

    public override IEnumerable<string> Validate()
    {
        if (Names.Count == 0) yield return "'names' must list at least one pattern";
        foreach (var name in Names)
            if (!HostPattern.TryParse(name, out _, out var error)) yield return $"'names': {error}";
    }

    /// <summary>Whether the query's name is one this fault applies to.</summary>
    protected bool Applies(DnsQuery query) => Names.Any(n => HostPattern.Parse(n).Matches(query.Name));

    public abstract DnsInterception Decide(DnsQuery query, FaultSwitch state);

    public override string Describe() => $"{Kind} on the lab DNS for {string.Join(", ", Names)}";
}
