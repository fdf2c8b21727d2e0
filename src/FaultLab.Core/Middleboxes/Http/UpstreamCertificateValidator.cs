using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Pki;
using Microsoft.Extensions.Logging;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// Checks a real service's certificate as the middlebox's own trust store would: it must chain
/// to the lab root or to the pinned origin CA and match the host name. The system store is never used.
/// </summary>
internal sealed class UpstreamCertificateValidator(LabPki pki, TimeProvider clock, HttpMiddleboxCounters counters, ILogger logger)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            return Reject(certificate, errors.ToString());

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(pki.Root.Certificate);
        chain.ChainPolicy.CustomTrustStore.Add(pki.PinnedOrigin.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf)
            ? true
            : Reject(certificate, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
    }

    private bool Reject(X509Certificate? certificate, string why)
    {
        counters.Count(HttpMiddleboxEvent.UpstreamCertificateRejected);
        logger.LogWarning("upstream certificate {Subject} refused: {Reason}", certificate?.Subject ?? "(none)", why);
        return false;
    }
}
