using System.Text;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FaultLab.Tunnel;

/// <summary>
/// The edge's side of one DTLS handshake: DTLS 1.2 only, ECDSA certificate chosen by SNI, no
/// client certificate, and a bounded handshake so a client that goes silent frees its slot.
/// </summary>
internal sealed class EdgeDtlsServer : DefaultTlsServer
{
    private readonly TunnelServerCertificates _certificates;
    private readonly int _handshakeTimeoutMillis;
    private readonly ILogger _log;
    private readonly string _peer;

    public EdgeDtlsServer(BcTlsCrypto crypto, TunnelServerCertificates certificates, TimeSpan handshakeTimeout, ILogger log, string peer)
        : base(crypto)
    {
        _certificates = certificates;
        _handshakeTimeoutMillis = (int)handshakeTimeout.TotalMilliseconds;
        _log = log;
        _peer = peer;
    }

    /// <summary>The SNI host name the client sent, once the ClientHello was processed.</summary>
    public string? RequestedServerName { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    /// <remarks>The edge holds only an ECDSA key, so only ECDHE_ECDSA suites can be served.</remarks>
    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto,
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    ]);

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var names = TlsExtensionsUtilities.GetServerNameExtensionClient(clientExtensions);
        var host = names?.FirstOrDefault(n => n.NameType == NameType.host_name);
        if (host is not null) RequestedServerName = Encoding.ASCII.GetString(host.NameData);
    }

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var identity = _certificates.DtlsIdentityFor(RequestedServerName, (BcTlsCrypto)Crypto);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto,
            identity.PrivateKey, identity.Chain, new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        if (alertLevel == AlertLevel.fatal)
            _log.LogInformation("DTLS {Peer}: raised {Alert}: {Message}", _peer, AlertDescription.GetText(alertDescription), message ?? cause?.Message);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertLevel == AlertLevel.fatal)
            _log.LogInformation("DTLS {Peer}: received {Alert}", _peer, AlertDescription.GetText(alertDescription));
    }
}
