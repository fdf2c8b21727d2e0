namespace FaultLab.Nodes.Edge;

/// <summary>The private access broker's verdict on a presented device certificate: the device, or the HTTP status and why not.</summary>
public sealed record DeviceValidation(int StatusCode, string? DeviceId, string? User, string? Problem)
{
    public bool IsValid => Problem is null;

    public static DeviceValidation Valid(EnrolledDevice device) => new(200, device.DeviceId, device.User, null);

    public static DeviceValidation Refused(int statusCode, string problem, string? deviceId = null) => new(statusCode, deviceId, null, problem);
}
