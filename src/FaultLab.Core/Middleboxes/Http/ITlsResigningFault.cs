using FaultLab.Pki;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A fault that makes the HTTP middlebox terminate TLS and re-sign with its own CA, except for
/// hosts on its bypass list (which pass through untouched).
/// </summary>
public interface ITlsResigningFault
{
    /// <summary>The CA whose leaves the client is shown.</summary>
    CertificateAuthority IssuerFrom(LabPki pki);

    /// <summary>Hosts that are never re-signed; editable while the lab runs.</summary>
    HostPatternList BypassList { get; }
}
