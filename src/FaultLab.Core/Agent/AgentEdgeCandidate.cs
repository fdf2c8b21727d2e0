namespace FaultLab.Agent;

/// <summary>An edge the agent may choose at service start: its node name and its own gateway name.</summary>
public sealed record AgentEdgeCandidate(string Name, string GatewayHost);
