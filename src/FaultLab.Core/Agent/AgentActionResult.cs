namespace FaultLab.Agent;

/// <summary>What a troubleshoot action did, in one line; <see cref="Path"/> names a file it wrote (export-logs).</summary>
public sealed record AgentActionResult(string Action, string Message, string? Path = null);
