namespace FaultLab.Control;

/// <summary>The value a network lever is given: a rule, a host pattern, a network name.</summary>
public sealed record NetChange(string Value);
