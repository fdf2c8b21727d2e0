using System.Text.Json.Nodes;

namespace FaultLab.Nodes.Edge;

/// <summary>A device as the cloud knows it after enrollment: identity, who uses it, its posture and its current token.</summary>
public sealed record EnrolledDevice(
    string DeviceId,
    string Hostname,
    string User,
    JsonObject Posture,
    string DeviceToken,
    DateTimeOffset EnrolledAt)
{
    /// <summary>Thumbprint of the device certificate issued at the latest enrollment; null when none was asked for.</summary>
    public string? CertificateThumbprint { get; init; }
}
