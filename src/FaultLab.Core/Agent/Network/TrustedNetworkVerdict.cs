namespace FaultLab.Agent.Network;

/// <summary>The detector's decision and the criteria behind it.</summary>
/// <param name="State">OnTrusted, OffTrusted or VpnTrusted.</param>
/// <param name="Match">How the criteria were combined.</param>
/// <param name="Criteria">Every configured criterion with its outcome.</param>
/// <param name="Summary">One line for the agent log.</param>
public sealed record TrustedNetworkVerdict(NetworkState State, CriteriaMatch Match, IReadOnlyList<CriterionOutcome> Criteria, string Summary)
{
    public override string ToString() => Summary;
}
