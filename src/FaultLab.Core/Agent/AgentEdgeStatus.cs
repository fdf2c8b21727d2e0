namespace FaultLab.Agent;

/// <summary>The edge the agent latched to at service start.</summary>
public sealed record AgentEdgeStatus(string Name, string? City, int? RttMs);
