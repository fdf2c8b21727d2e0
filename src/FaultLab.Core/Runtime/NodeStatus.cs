using FaultLab.Nodes;

namespace FaultLab.Runtime;

/// <summary>A node and where a user can reach it.</summary>
public sealed record NodeStatus(string Name, string Role, IReadOnlyList<NodeEndpoint> Endpoints);
