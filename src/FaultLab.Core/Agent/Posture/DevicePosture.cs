using FaultLab.Settings;

namespace FaultLab.Agent.Posture;

/// <summary>The posture artifacts as found on the laptop.</summary>
/// <param name="DiskEncryption">Whether the system disk is encrypted.</param>
/// <param name="AvService">State of the AV service as the service manager reports it: "running", "stopped", "missing"...</param>
/// <param name="OsVersion">The OS version as the device reports it, e.g. "10.0.22631".</param>
/// <param name="ClientCertificate">Whether the device holds the client certificate posture expects.</param>
public sealed record DevicePosture(bool DiskEncryption, string AvService, string OsVersion, bool ClientCertificate)
{
    /// <summary>The AV service state that passes an AV check.</summary>
    public const string AvRunning = "running";

    /// <summary>Reads the artifacts from the device document.</summary>
    public static DevicePosture FromDevice(SettingsDocument device) => new(
        device.Get("diskEncryption")!.GetValue<bool>(),
        device.Get("avService")!.GetValue<string>(),
        device.Get("osVersion")!.GetValue<string>(),
        device.Get("clientCertificate")!.GetValue<bool>());
}
