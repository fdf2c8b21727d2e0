namespace FaultLab.Agent;

/// <summary>The body of a troubleshoot action over the control API: its arguments (e.g. ["start"] for capture).</summary>
public sealed record AgentActionRequest(IReadOnlyList<string>? Args);
