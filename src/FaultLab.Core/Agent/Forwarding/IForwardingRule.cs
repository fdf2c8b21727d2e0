namespace FaultLab.Agent.Forwarding;

/// <summary>
/// One forwarding rule from the field guide. Rules are asked in order; the first that answers decides.
/// </summary>
public interface IForwardingRule
{
    /// <summary>A short stable name for logs, e.g. "tunnel-down".</summary>
    string Name { get; }

    /// <summary>The guide scenario(s) the rule reproduces, e.g. "scenario 4, scenario 15".</summary>
    string Serves { get; }

    /// <summary>The decision, or null when the rule does not apply to this connection.</summary>
    ForwardingDecision? Decide(ForwardingSituation situation);
}
