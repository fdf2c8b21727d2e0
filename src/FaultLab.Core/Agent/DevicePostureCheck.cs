using System.Text.Json.Nodes;

namespace FaultLab.Agent;

/// <summary>The posture profile checked against the device's facts: disk encryption, AV service, OS version, client certificate.</summary>
public sealed class DevicePostureCheck : IPostureCheck
{
    public string? Failure(JsonObject device, AgentPolicy policy)
    {
        if ((policy.Flag("posture", "requireDiskEncryption") ?? false) && device["diskEncryption"]?.GetValue<bool>() != true)
            return "posture: disk encryption is off (posture requires it)";
        if ((policy.Flag("posture", "requireAvService") ?? false) && device["avService"]?.GetValue<string>() != "running")
            return $"posture: the AV service is {device["avService"]?.GetValue<string>() ?? "missing"} (posture requires it running)";
        if (policy.Text("posture", "minimumOsVersion") is { Length: > 0 } minimum
            && Version.TryParse(minimum, out var required)
            && (!Version.TryParse(device["osVersion"]?.GetValue<string>(), out var actual) || actual < required))
            return $"posture: OS version {device["osVersion"]?.GetValue<string>()} is below {minimum}";
        if ((policy.Flag("posture", "requireClientCertificate") ?? false) && device["clientCertificate"]?.GetValue<bool>() != true)
            return "posture: no client certificate (posture requires one)";
        return null;
    }
}
