namespace FaultLab.Faults.Kinds;

/// <summary>Device posture artifacts a posture profile can require.</summary>
public enum PostureArtifact
{
    DiskEncryption,
    AvService,
    ClientCertificate,
    OsVersion,
}
