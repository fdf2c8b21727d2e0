namespace FaultLab.Runtime;

/// <summary>What the state directory records about a running instance (no secrets beyond the trainee token).</summary>
/// <param name="Name">Instance name, used by every CLI verb.</param>
/// <param name="Lab">Lab id.</param>
/// <param name="Runtime">"embedded" or "docker".</param>
/// <param name="Pid">Process that hosts the instance.</param>
/// <param name="Control">Base URL of the control API on loopback.</param>
/// <param name="TraineeToken">Token to hand to the trainee.</param>
/// <param name="StartedAt">When it came up.</param>
public sealed record InstanceRecord(string Name, string Lab, string Runtime, int Pid, string Control, string TraineeToken, DateTimeOffset StartedAt);
