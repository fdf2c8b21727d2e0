namespace FaultLab.Nodes.Edge;

/// <summary>The result of looking up a device token: the device, or why the token is not valid.</summary>
public readonly record struct DeviceTokenCheck(EnrolledDevice? Device, string? Problem)
{
    public bool IsValid => Device is not null;
}
