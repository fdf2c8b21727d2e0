using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Nodes.Edge;

/// <summary>What signing a device's request gave: its certificate and the CA above it, or why the request was refused.</summary>
public sealed record DeviceCertificateIssue(X509Certificate2? Certificate, X509Certificate2? Issuer, string? Problem)
{
    public static DeviceCertificateIssue Issued(X509Certificate2 certificate, X509Certificate2 issuer) => new(certificate, issuer, null);

    public static DeviceCertificateIssue Refused(string problem) => new(null, null, problem);
}
