using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Pki;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FaultLab.Tunnel;

/// <summary>
/// The edge's own server certificates, one leaf per gateway name it answers, issued by the edge
/// intermediate and sent with it so a client trusting only the lab root verifies the chain. A
/// client without SNI, or naming another host, gets the first name's leaf.
/// </summary>
internal sealed class TunnelServerCertificates
{
    private readonly CertificateAuthority _issuer;
    private readonly IReadOnlyList<string> _names;
    private readonly ConcurrentDictionary<string, SslStreamCertificateContext> _tlsContexts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, BouncyCastleServerIdentity> _dtlsIdentities = new(StringComparer.OrdinalIgnoreCase);

    public TunnelServerCertificates(CertificateAuthority issuer, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new ArgumentException("the edge needs at least one gateway name", nameof(names));
        _issuer = issuer;
        _names = names;
    }

    /// <summary>The gateway name whose certificate answers a client that asked for <paramref name="serverName"/>.</summary>
    public string NameFor(string? serverName) =>
        serverName is not null && _names.Contains(serverName, StringComparer.OrdinalIgnoreCase) ? serverName.ToLowerInvariant() : _names[0];

    public SslStreamCertificateContext TlsContextFor(string? serverName) =>
        _tlsContexts.GetOrAdd(NameFor(serverName), name =>
            SslStreamCertificateContext.Create(_issuer.LeafFor(name), _issuer.IntermediatesForServer(), offline: true));

    public BouncyCastleServerIdentity DtlsIdentityFor(string? serverName, BcTlsCrypto crypto) =>
        _dtlsIdentities.GetOrAdd(NameFor(serverName), name =>
            BouncyCastleServerIdentity.From(_issuer.LeafFor(name), _issuer.IntermediatesForServer(), crypto));
}
