using System.Net.Security;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>What an HTTPS client saw: the server certificate's issuer, how its chain checked against the client's trust, and the response (null when the client refused the certificate or the connection broke).</summary>
internal sealed record HttpsProbeResult(string Issuer, SslPolicyErrors Errors, string? Response, string? Failure)
{
    public bool IssuedByEdgeInspection => Issuer.Contains("CN=FaultLab Edge Inspection CA", StringComparison.Ordinal);
}
