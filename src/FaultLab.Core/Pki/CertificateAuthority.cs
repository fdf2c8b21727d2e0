using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Pki;

/// <summary>
/// A certificate authority of a lab instance: signs intermediates and ECDSA P-256 server leaves,
/// caching one leaf per host so a re-signing middlebox pays for key generation once.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(30);
    private readonly ConcurrentDictionary<string, Lazy<X509Certificate2>> _leaves = new(StringComparer.OrdinalIgnoreCase);

    public CertificateAuthority(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chainAbove)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException("a certificate authority needs its private key", nameof(certificate));
        Certificate = certificate;
        ChainAbove = chainAbove;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Issuers above this CA, nearest first, ending at the self-signed root (empty for a root).</summary>
    public IReadOnlyList<X509Certificate2> ChainAbove { get; }

    public string CommonName => Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>Creates a self-signed root CA.</summary>
    public static CertificateAuthority CreateRoot(string commonName, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CaRequest(commonName, key);
        var cert = request.CreateSelfSigned(now.AddDays(-1), now.Add(lifetime));
        return new CertificateAuthority(cert, []);
    }

    /// <summary>Creates an intermediate CA signed by this one.</summary>
    public CertificateAuthority CreateIntermediate(string commonName, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CaRequest(commonName, key);
        var notAfter = Min(now.Add(lifetime), Certificate.NotAfter);
        using var signed = request.Create(Certificate, now.AddDays(-1), notAfter, NewSerial());
        var withKey = signed.CopyWithPrivateKey(key);
        return new CertificateAuthority(withKey, [Certificate, .. ChainAbove]);
    }

    /// <summary>An ECDSA P-256 server certificate for <paramref name="host"/>, issued once and cached.</summary>
    public X509Certificate2 LeafFor(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return _leaves.GetOrAdd(name, n => new Lazy<X509Certificate2>(() => IssueLeaf(n, DateTimeOffset.UtcNow))).Value;
    }

    /// <summary>
    /// A client-authentication certificate (clientAuth EKU) for <paramref name="publicKey"/>, issued to
    /// <paramref name="subject"/>. Only the public certificate comes back: the key stays with whoever asked.
    /// </summary>
    public X509Certificate2 IssueClientCertificate(X500DistinguishedName subject, PublicKey publicKey, DateTimeOffset now, TimeSpan lifetime)
    {
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var notAfter = Min(now.Add(lifetime), Certificate.NotAfter);
        return request.Create(Certificate, now.AddHours(-1), notAfter, NewSerial());
    }

    /// <summary>The certificates a server sends after its leaf: this CA and its issuers below the root.</summary>
    public X509Certificate2Collection IntermediatesForServer()
    {
        var list = new X509Certificate2Collection();
        if (ChainAbove.Count == 0) return list;         // a root is never sent
        list.Add(Certificate);
        foreach (var c in ChainAbove.Take(ChainAbove.Count - 1)) list.Add(c);
        return list;
    }

    /// <summary>The root at the top of this CA's chain.</summary>
    public X509Certificate2 Root => ChainAbove.Count == 0 ? Certificate : ChainAbove[^1];

    private X509Certificate2 IssueLeaf(string host, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        if (System.Net.IPAddress.TryParse(host, out var ip)) san.AddIpAddress(ip); else san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var notAfter = Min(now.Add(LeafLifetime), Certificate.NotAfter);
        using var signed = request.Create(Certificate, now.AddHours(-1), notAfter, NewSerial());
        return signed.CopyWithPrivateKey(key);
    }

    private static CertificateRequest CaRequest(string commonName, ECDsa key)
    {
        var request = new CertificateRequest($"CN={commonName}, O=FaultLab", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;      // a positive serial, as RFC 5280 requires
        return serial;
    }

    public void Dispose()
    {
        foreach (var leaf in _leaves.Values.Where(l => l.IsValueCreated)) leaf.Value.Dispose();
        Certificate.Dispose();
    }
}
