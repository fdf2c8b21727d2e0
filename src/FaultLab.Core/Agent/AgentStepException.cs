namespace FaultLab.Agent;

/// <summary>A step of the agent's loop failed; <see cref="Exception.Message"/> is what the status shows as last error.</summary>
public sealed class AgentStepException(string step, string reason, Exception? inner = null) : Exception($"{step}: {reason}", inner)
{
    public string Step { get; } = step;
}
