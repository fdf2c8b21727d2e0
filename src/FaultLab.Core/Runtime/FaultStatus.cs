namespace FaultLab.Runtime;

/// <summary>A fault of the lab and whether it is switched on.</summary>
public sealed record FaultStatus(string Kind, string Owner, string Target, string? AttachedTo, bool Active, string Description);
