using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Pki;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// Signs an enrolling device's certificate signing request with the lab's device CA: ECDSA P-256 keys
/// only, the subject set by the cloud (CN = the device id), clientAuth. The private key never leaves
/// the device; the request's own signature proves the device holds it.
/// </summary>
public sealed class DeviceCertificateIssuer(Func<CertificateAuthority> deviceCa, TimeProvider clock)
{
    /// <summary>How long a device certificate is valid; re-enrolling issues a fresh one.</summary>
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(90);

    /// <summary>The organisation every device certificate's subject names.</summary>
    public const string Organization = "FaultLab Devices";

    /// <summary>The CA that signs device certificates (created on first use).</summary>
    public CertificateAuthority Authority => deviceCa();

    /// <summary>The subject a device certificate carries for <paramref name="deviceId"/>.</summary>
    public static X500DistinguishedName SubjectFor(string deviceId)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName(Organization);
        name.AddCommonName(deviceId);
        return name.Build();
    }

    /// <summary>Issues the certificate for a PEM PKCS#10 request, or says what is wrong with the request.</summary>
    public DeviceCertificateIssue Issue(string signingRequestPem, string deviceId)
    {
        CertificateRequest request;
        try
        {
            // The default load options verify the request's signature (proof of possession of the key).
            request = CertificateRequest.LoadSigningRequestPem(signingRequestPem, HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return DeviceCertificateIssue.Refused($"csr is not a valid PEM certificate signing request: {e.Message}");
        }
        using (var key = request.PublicKey.GetECDsaPublicKey())
        {
            if (key is null) return DeviceCertificateIssue.Refused("csr: the device key must be ECDSA P-256");
            var curve = key.ExportParameters(false).Curve;
            if (!IsP256(curve))
                return DeviceCertificateIssue.Refused($"csr: the device key must be on P-256, not {curve.Oid.FriendlyName ?? curve.Oid.Value ?? "an explicit curve"}");
        }
        var ca = deviceCa();
        var certificate = ca.IssueClientCertificate(SubjectFor(deviceId), request.PublicKey, clock.GetUtcNow(), CertificateLifetime);
        return DeviceCertificateIssue.Issued(certificate, ca.Certificate);
    }

    // Platforms name P-256 differently; the OID is the same everywhere it is given.
    private static bool IsP256(ECCurve curve) =>
        curve.IsNamed && (curve.Oid.Value == "1.2.840.10045.3.1.7" || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1");
}
