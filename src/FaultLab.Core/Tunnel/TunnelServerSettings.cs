namespace FaultLab.Tunnel;

/// <summary>What a tunnel server session needs from its edge.</summary>
/// <param name="EdgeName">Sent in HelloOk, e.g. "edge-fra".</param>
/// <param name="City">Sent in HelloOk, e.g. "Frankfurt".</param>
/// <param name="Cloud">Sent in HelloOk, e.g. "faultlab.net".</param>
/// <param name="AdmitDevice">Decides whether a device token may open a session.</param>
/// <param name="Dialer">Reaches origins from the edge's egress address.</param>
/// <param name="Inspector">Inspects tunnelled HTTPS on port 443 as the policy says; null for none.</param>
internal sealed record TunnelServerSettings(
    string EdgeName,
    string City,
    string Cloud,
    Func<string, TunnelAdmission> AdmitDevice,
    OriginDialer Dialer,
    SslInspector? Inspector = null)
{
    /// <summary>Tunnel versions the edge speaks.</summary>
    public static readonly IReadOnlyList<int> SupportedVersions = [1, 2];

    /// <summary>The only ports tunnel version 1 carries.</summary>
    public static readonly IReadOnlyList<int> WebPorts = [80, 443];

    /// <summary>The OpenFailed reason for a non-web port on tunnel version 1.</summary>
    public const string WebPortsOnly = "tunnel v1 carries web ports only";

    /// <summary>Streams one session may hold open at once.</summary>
    public const int MaxStreamsPerSession = 512;
}
