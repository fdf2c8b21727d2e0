using FaultLab.Nodes;

namespace FaultLab.Runtime;

/// <summary>The observable state of an instance: what `faultlab status N --json` prints.</summary>
public sealed record InstanceStatus(
    string Name,
    string Lab,
    string Runtime,
    int Pid,
    string Control,
    DateTimeOffset StartedAt,
    string Network,
    IReadOnlyDictionary<string, string> Pki,
    IReadOnlyDictionary<string, string> Captures,
    IReadOnlyList<NodeStatus> Nodes,
    IReadOnlyList<FaultStatus>? Faults);
