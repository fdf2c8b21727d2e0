using System.Text.Json.Nodes;
using FaultLab.Runtime.Embedded;
using FaultLab.Settings;

namespace FaultLab.Faults.Kinds;

/// <summary>A posture artifact the private-access policy checks is missing on the laptop.</summary>
public sealed class PostureArtifactMissingFault : Fault, IDeviceFault
{
    public override string Kind => "posture-artifact-missing";
    public override FaultTarget Target => FaultTarget.Device;

    [FaultParameter("which artifact: disk-encryption, av-service, client-certificate or os-version")]
    public PostureArtifact Artifact { get; set; } = PostureArtifact.DiskEncryption;

    public void Apply(SettingsDocument device)
    {
        switch (Artifact)
        {
            case PostureArtifact.DiskEncryption: device.Set("diskEncryption", false); break;
            case PostureArtifact.AvService: device.Set("avService", JsonValue.Create("stopped")); break;
            case PostureArtifact.ClientCertificate: device.Set("clientCertificate", false); break;
            case PostureArtifact.OsVersion: device.Set("osVersion", JsonValue.Create("10.0.17763")); break;
        }
    }

    public override string Describe() => $"posture artifact missing: {Artifact}";
}
