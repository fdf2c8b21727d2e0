using FaultLab.Faults.Kinds;

namespace FaultLab.Agent.Posture;

/// <summary>
/// Checks the device against the posture profile, one check per artifact, each failure worded as
/// what is wrong on the device (the guide's scenario 13: remediate the failed artifact).
/// </summary>
public sealed class PostureEvaluator
{
    public PostureResult Evaluate(PostureRequirements requirements, DevicePosture device) => new(
    [
        DiskEncryption(requirements.RequireDiskEncryption, device.DiskEncryption),
        AvService(requirements.RequireAvService, device.AvService),
        OsVersion(requirements.MinimumOsVersion, device.OsVersion),
        ClientCertificate(requirements.RequireClientCertificate, device.ClientCertificate),
    ]);

    private static PostureCheck DiskEncryption(bool required, bool on) => !required
        ? NotRequired(PostureArtifact.DiskEncryption)
        : new(PostureArtifact.DiskEncryption, true, on, on ? "disk encryption is on" : "disk encryption is off");

    private static PostureCheck AvService(bool required, string state)
    {
        if (!required) return NotRequired(PostureArtifact.AvService);
        var shown = string.IsNullOrWhiteSpace(state) ? "missing" : state.Trim();
        var running = shown.Equals(DevicePosture.AvRunning, StringComparison.OrdinalIgnoreCase);
        return new(PostureArtifact.AvService, true, running, $"AV service is {shown}");
    }

    private static PostureCheck OsVersion(string? minimum, string reported)
    {
        if (string.IsNullOrWhiteSpace(minimum)) return NotRequired(PostureArtifact.OsVersion);
        var required = DottedVersion.Parse(minimum);
        if (!DottedVersion.TryParse(reported, out var actual))
            return new(PostureArtifact.OsVersion, true, false, $"OS version '{reported}' is not a dotted version");
        return actual >= required
            ? new(PostureArtifact.OsVersion, true, true, $"OS version {actual} meets the minimum {required}")
            : new(PostureArtifact.OsVersion, true, false, $"OS version {actual} is below the required {required}");
    }

    private static PostureCheck ClientCertificate(bool required, bool present) => !required
        ? NotRequired(PostureArtifact.ClientCertificate)
        : new(PostureArtifact.ClientCertificate, true, present, present ? "client certificate is present" : "client certificate is missing");

    private static PostureCheck NotRequired(PostureArtifact artifact) => new(artifact, false, true, "not required");
}
