using FaultLab.Faults;

namespace FaultLab.Nodes.Dns;

/// <summary>Lets the active DNS faults of an instance decide queries, in lab-file order, and counts what each did.</summary>
public sealed class DnsFaultInterceptor(LinkFaults faults) : IDnsQueryInterceptor
{
    public ValueTask<DnsInterception> InterceptAsync(DnsQuery query, CancellationToken cancellationToken)
    {
        foreach (var (fault, state) in faults.Active<IDnsFault>())
        {
            var decision = fault.Decide(query, state);
            if (decision.Action == DnsInterceptionAction.Pass) continue;
            state.Record(decision.Action.ToString().ToLowerInvariant(), $"{query.Name} {query.Type} from {query.Client}");
            return ValueTask.FromResult(decision);
        }
        return ValueTask.FromResult(DnsInterception.Pass);
    }
}
