using FaultLab.Settings;

namespace FaultLab.Agent.Posture;

/// <summary>What the policy's posture profile requires of the device before private access is granted.</summary>
/// <param name="RequireDiskEncryption">The system disk must be encrypted.</param>
/// <param name="RequireAvService">The AV service must be running.</param>
/// <param name="MinimumOsVersion">Lowest acceptable OS version; null or empty when not checked.</param>
/// <param name="RequireClientCertificate">The device must hold the client certificate.</param>
public sealed record PostureRequirements(
    bool RequireDiskEncryption,
    bool RequireAvService,
    string? MinimumOsVersion,
    bool RequireClientCertificate)
{
    /// <summary>Reads <c>posture.*</c> from the policy.</summary>
    public static PostureRequirements FromPolicy(SettingsDocument policy)
    {
        var minimum = policy.Get("posture.minimumOsVersion")!.GetValue<string>();
        if (minimum.Trim().Length > 0 && !DottedVersion.TryParse(minimum, out _))
            throw new SettingsException($"'posture.minimumOsVersion' takes a dotted version such as 10.0.19045, got '{minimum}'");
        return new PostureRequirements(
            policy.Get("posture.requireDiskEncryption")!.GetValue<bool>(),
            policy.Get("posture.requireAvService")!.GetValue<bool>(),
            minimum.Trim().Length == 0 ? null : minimum.Trim(),
            policy.Get("posture.requireClientCertificate")!.GetValue<bool>());
    }
}
