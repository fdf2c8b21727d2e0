namespace FaultLab.Agent.Apps;

/// <summary>An app on the laptop that makes real traffic through the agent.</summary>
public interface IAgentApp
{
    string Name { get; }

    Task<AppResult> RunAsync(AgentService agent, CancellationToken cancellationToken);
}
