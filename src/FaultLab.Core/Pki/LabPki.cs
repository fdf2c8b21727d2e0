using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Pki;

/// <summary>
/// The PKI of one lab instance, generated at start and never persisted beyond the instance:
/// the root the laptop trusts, the edge inspection intermediate, the public-origin CA, the
/// pinned app's own CA, the IdP signing certificate, the foreign AcmeProxy CA and (made on first
/// use) the device CA that signs enrolled devices' client certificates.
/// </summary>
public sealed class LabPki : IDisposable
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(365);
    private readonly Lazy<X509Certificate2> _legacyIdpSigning;
    private readonly Lazy<CertificateAuthority> _deviceCa;

    private LabPki(CertificateAuthority root, CertificateAuthority edgeInspection, CertificateAuthority publicOrigin,
        CertificateAuthority pinnedOrigin, CertificateAuthority acmeProxy, X509Certificate2 idpSigning)
    {
        Root = root;
        EdgeInspection = edgeInspection;
        PublicOrigin = publicOrigin;
        PinnedOrigin = pinnedOrigin;
        AcmeProxy = acmeProxy;
        IdpSigning = idpSigning;
        var created = DateTimeOffset.UtcNow;
        // Only a lab that routes a domain to the retired IdP needs its key: made on first use.
        _legacyIdpSigning = new(() => CreateIdpSigning("idp-legacy.lab", created.AddDays(-1), created.Add(CaLifetime)));
        // Only a lab whose laptop enrolls signs device certificates: the CA is made on first use.
        _deviceCa = new(() => root.CreateIntermediate("FaultLab Device CA", created, CaLifetime));
    }

    /// <summary>The lab root; the laptop trusts it.</summary>
    public CertificateAuthority Root { get; }

    /// <summary>Intermediate under the root that the edge uses for its own TLS and for SSL inspection.</summary>
    public CertificateAuthority EdgeInspection { get; }

    /// <summary>Intermediate under the root that issues the web origins' certificates.</summary>
    public CertificateAuthority PublicOrigin { get; }

    /// <summary>Separate root for the certificate-pinned app; its client accepts only this issuer.</summary>
    public CertificateAuthority PinnedOrigin { get; }

    /// <summary>A third-party inspecting proxy's root. The laptop does not trust it.</summary>
    public CertificateAuthority AcmeProxy { get; }

    /// <summary>The IdP's RSA signing certificate (self-signed, pinned in policy).</summary>
    public X509Certificate2 IdpSigning { get; private set; }

    /// <summary>
    /// Intermediate under the root that signs the devices' client certificates at enrollment; the
    /// private access broker accepts only certificates it issued.
    /// </summary>
    public CertificateAuthority DeviceCa => _deviceCa.Value;

    /// <summary>The signing certificate of the retired IdP (idp-legacy.lab), which no policy pins by default.</summary>
    public X509Certificate2 LegacyIdpSigning => _legacyIdpSigning.Value;

    public static LabPki Create(string instanceName, DateTimeOffset now)
    {
        var root = CertificateAuthority.CreateRoot($"FaultLab Lab Root ({instanceName})", now, CaLifetime * 2);
        var edge = root.CreateIntermediate("FaultLab Edge Inspection CA", now, CaLifetime);
        var origin = root.CreateIntermediate("FaultLab Public Origin CA", now, CaLifetime);
        var pinned = CertificateAuthority.CreateRoot("FaultLab Teams Origin CA", now, CaLifetime);
        var acme = CertificateAuthority.CreateRoot("AcmeProxy Inspection CA", now, CaLifetime);
        var idp = CreateIdpSigning("idp.lab", now.AddDays(-1), now.Add(CaLifetime));
        return new LabPki(root, edge, origin, pinned, acme, idp);
    }

    /// <summary>Replaces the IdP signing certificate with a fresh one valid from now (the "rotate" fix).</summary>
    public X509Certificate2 RotateIdpSigning(DateTimeOffset now)
    {
        IdpSigning = CreateIdpSigning("idp.lab", now.AddMinutes(-5), now.Add(CaLifetime));
        return IdpSigning;
    }

    /// <summary>Replaces the IdP signing certificate with one that expired yesterday.</summary>
    public X509Certificate2 ExpireIdpSigning(DateTimeOffset now)
    {
        IdpSigning = CreateIdpSigning("idp.lab", now.AddDays(-366), now.AddDays(-1));
        return IdpSigning;
    }

    private static X509Certificate2 CreateIdpSigning(string host, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host} SAML Signing, O=FaultLab", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        // Round-trip through PKCS#12 so the key is usable by SignedXml on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>Writes the public certificates as PEM files so real tools can use them (openssl -CAfile, xmlsec1).</summary>
    public IReadOnlyDictionary<string, string> ExportPublic(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, string>
        {
            ["root"] = Write(directory, "root.pem", Root.Certificate),
            ["edge-inspection"] = Write(directory, "edge-inspection.pem", EdgeInspection.Certificate),
            ["public-origin"] = Write(directory, "public-origin.pem", PublicOrigin.Certificate),
            ["pinned-origin"] = Write(directory, "pinned-origin.pem", PinnedOrigin.Certificate),
            ["acmeproxy"] = Write(directory, "acmeproxy.pem", AcmeProxy.Certificate),
            ["idp-signing"] = Write(directory, "idp-signing.pem", IdpSigning),
        };
        // The trust store of the laptop: everything a lab client trusts.
        var bundle = Path.Combine(directory, "trusted-bundle.pem");
        File.WriteAllText(bundle, Root.Certificate.ExportCertificatePem() + "\n" + PinnedOrigin.Certificate.ExportCertificatePem() + "\n");
        files["trusted-bundle"] = bundle;
        return files;
    }

    private static string Write(string directory, string name, X509Certificate2 cert)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, cert.ExportCertificatePem() + "\n");
        return path;
    }

    public void Dispose()
    {
        Root.Dispose();
        EdgeInspection.Dispose();
        PublicOrigin.Dispose();
        PinnedOrigin.Dispose();
        AcmeProxy.Dispose();
        IdpSigning.Dispose();
        if (_legacyIdpSigning.IsValueCreated) _legacyIdpSigning.Value.Dispose();
        if (_deviceCa.IsValueCreated) _deviceCa.Value.Dispose();
    }
}
