using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Agent.PrivateAccess;

/// <summary>
/// The device's key pair and the certificate the cloud signed for it at enrollment. The key is made on
/// the laptop and never leaves it: enrollment sends a signing request, the cloud answers the certificate.
/// </summary>
public sealed class DeviceCredential : IDisposable
{
    private readonly object _gate = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    // Kept until disposal: a handshake may still be using a certificate a re-enrollment replaced.
    private readonly List<X509Certificate2> _issued = [];
    private DeviceCertificate? _current;
    private int _issues;

    /// <summary>The certificate of the latest enrollment; null before one brought a certificate.</summary>
    public DeviceCertificate? Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>A PEM PKCS#10 request for the device key, naming <paramref name="deviceId"/> (the cloud sets the final subject).</summary>
    public string SigningRequestPem(string deviceId)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(deviceId);
        return new CertificateRequest(name.Build(), _key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
    }

    /// <summary>Keeps the certificate the cloud answered; null when it is usable, otherwise why not (and the old one is dropped).</summary>
    public string? Accept(string certificatePem, string? chainPem)
    {
        X509Certificate2 certificate;
        var intermediates = new X509Certificate2Collection();
        try
        {
            using var presented = X509Certificate2.CreateFromPem(certificatePem);
            if (presented.GetECDsaPublicKey() is not { } publicKey || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(_key.ExportSubjectPublicKeyInfo()))
            {
                Forget();
                return "the device certificate the cloud answered is not for this device's key";
            }
            certificate = presented.CopyWithPrivateKey(_key);
            if (!string.IsNullOrWhiteSpace(chainPem)) intermediates.ImportFromPem(chainPem);
        }
        catch (CryptographicException e)
        {
            Forget();
            return $"the device certificate the cloud answered is not a PEM certificate: {e.Message}";
        }
        lock (_gate)
        {
            _issued.Add(certificate);
            _current = new DeviceCertificate(certificate, intermediates, ++_issues);
        }
        return null;
    }

    /// <summary>Drops the current certificate (an enrollment that brought none).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            if (_current is null) return;
            _current = null;
            _issues++;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var certificate in _issued) certificate.Dispose();
            _issued.Clear();
            _current = null;
        }
        _key.Dispose();
    }
}
