using FaultLab.Nodes.Dns;

namespace FaultLab.Faults.Kinds;

/// <summary>The lab DNS fails some queries for the names at random (seeded): intermittent SERVFAIL or silence.</summary>
public sealed class DnsFlakyFault : DnsFault
{
    public override string Kind => "dns-flaky";

    [FaultParameter("share of matching queries that fail, in percent (0-100)")]
    public double RatePercent { get; set; } = 50;

    [FaultParameter("how a failing query fails: servfail or timeout")]
    public DnsFailureMode Failure { get; set; } = DnsFailureMode.Servfail;

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (RatePercent is < 0 or > 100) yield return $"'ratePercent' must be between 0 and 100, got {RatePercent}";
    }

    public override DnsInterception Decide(DnsQuery query, FaultSwitch state)
    {
        if (!Applies(query) || state.NextDouble() * 100 >= RatePercent) return DnsInterception.Pass;
        return Failure == DnsFailureMode.Timeout ? DnsInterception.Drop : DnsInterception.ServFail;
    }

    public override string Describe() => $"{base.Describe()} ({RatePercent}% {Failure.ToString().ToLowerInvariant()})";
}
