using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Agent.PrivateAccess;

/// <summary>The device's certificate from its latest enrollment, with its private key, the CA above it, and which issue it is.</summary>
/// <param name="Certificate">The device certificate with the device's private key.</param>
/// <param name="Intermediates">The CA certificates the cloud sent with it, sent along in the handshake.</param>
/// <param name="Issue">Counts enrollments that brought a certificate; a validation holds only for the issue it checked.</param>
public sealed record DeviceCertificate(X509Certificate2 Certificate, X509Certificate2Collection Intermediates, int Issue);
