using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FaultLab.Tunnel;

/// <summary>A server certificate chain and its ECDSA key, converted once from .NET to BouncyCastle's types.</summary>
internal sealed record BouncyCastleServerIdentity(Certificate Chain, AsymmetricKeyParameter PrivateKey)
{
    public static BouncyCastleServerIdentity From(X509Certificate2 leaf, X509Certificate2Collection intermediates, BcTlsCrypto crypto)
    {
        using var key = leaf.GetECDsaPrivateKey()
            ?? throw new ArgumentException($"the certificate for {leaf.Subject} has no ECDSA private key", nameof(leaf));
        var privateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
        var chain = new List<TlsCertificate> { crypto.CreateCertificate(leaf.RawData) };
        chain.AddRange(intermediates.Select(c => crypto.CreateCertificate(c.RawData)));
        return new BouncyCastleServerIdentity(new Certificate(chain.ToArray()), privateKey);
    }
}
