namespace FaultLab.Agent.Network;

/// <summary>One trusted-network criterion as evaluated, for the agent log.</summary>
/// <param name="Criterion">Which criterion, e.g. "dns server", "search domain", "hostname intranet.corp.lab".</param>
/// <param name="Matched">Whether the current network satisfied it.</param>
/// <param name="Reason">What was seen, e.g. "intranet.corp.lab: lookup failed: SERVFAIL".</param>
public sealed record CriterionOutcome(string Criterion, bool Matched, string Reason)
{
    public override string ToString() => $"{Criterion}: {(Matched ? "match" : "no match")} ({Reason})";
}
