using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FaultLab.Tunnel;

/// <summary>
/// The tunnel client's side of a DTLS handshake: DTLS 1.2 only, SNI set to the gateway name,
/// the edge's chain verified against the lab root, and the handshake bounded by the configured
/// DTLS timeout (BouncyCastle would otherwise resend forever).
/// </summary>
internal sealed class TunnelDtlsClient : DefaultTlsClient, TlsAuthentication
{
    private readonly string _serverName;
    private readonly X509Certificate2 _trustRoot;
    private readonly int _handshakeTimeoutMillis;
    private readonly TimeProvider _clock;

    public TunnelDtlsClient(BcTlsCrypto crypto, string serverName, X509Certificate2 trustRoot, TimeSpan handshakeTimeout, TimeProvider clock)
        : base(crypto)
    {
        _serverName = serverName;
        _trustRoot = trustRoot;
        _handshakeTimeoutMillis = Math.Max(1, (int)handshakeTimeout.TotalMilliseconds);
        _clock = clock;
    }

    /// <summary>Why the edge's certificate was refused, when it was.</summary>
    public string? CertificateProblem { get; private set; }

    /// <summary>The last fatal alert the edge sent, if any.</summary>
    public string? AlertReceived { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    protected override IList<ServerName> GetSniServerNames() =>
        [new ServerName(NameType.host_name, Encoding.ASCII.GetBytes(_serverName))];

    public override TlsAuthentication GetAuthentication() => this;

    public TlsCredentials? GetClientCredentials(Org.BouncyCastle.Tls.CertificateRequest certificateRequest) => null;

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertLevel == AlertLevel.fatal) AlertReceived = AlertDescription.GetText(alertDescription);
    }

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
    {
        var presented = serverCertificate.Certificate.GetCertificateList()
            .Select(c => X509CertificateLoader.LoadCertificate(c.GetEncoded()))
            .ToList();
        try
        {
            CertificateProblem = presented.Count == 0
                ? "the edge sent no certificate"
                : ServerCertificateVerifier.Problem(presented[0], presented.Skip(1), _trustRoot, _serverName, _clock.GetUtcNow());
        }
        finally
        {
            foreach (var c in presented) c.Dispose();
        }
        if (CertificateProblem is not null) throw new TlsFatalAlert(AlertDescription.bad_certificate, CertificateProblem);
    }
}
