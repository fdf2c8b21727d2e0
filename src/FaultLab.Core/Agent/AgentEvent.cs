namespace FaultLab.Agent;

/// <summary>One line of the agent's event log, stamped with the device clock.</summary>
public sealed record AgentEvent(DateTimeOffset At, string Message);
