namespace FaultLab.Runtime;

/// <summary>An instance of that name is already recorded as running.</summary>
public sealed class InstanceNameTakenException(string name, InstanceRecord existing)
    : Exception($"an instance named '{name}' is already up (lab {existing.Lab}, pid {existing.Pid}); pick another --name or run 'faultlab down {name}'")
{
    public InstanceRecord Existing { get; } = existing;
}
