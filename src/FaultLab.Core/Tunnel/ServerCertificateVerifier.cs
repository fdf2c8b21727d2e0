using System.Security.Cryptography.X509Certificates;

namespace FaultLab.Tunnel;

/// <summary>
/// How the tunnel client checks the edge: the chain must end at the lab root it was given (and
/// no other trust store), be valid now, and the leaf must name the host the client asked for.
/// </summary>
internal static class ServerCertificateVerifier
{
    /// <summary>Null when the chain is acceptable, otherwise the reason it is not.</summary>
    public static string? Problem(X509Certificate2 leaf, IEnumerable<X509Certificate2> presentedIntermediates, X509Certificate2 trustRoot, string serverName, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustRoot);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        foreach (var c in presentedIntermediates) chain.ChainPolicy.ExtraStore.Add(c);
        if (!chain.Build(leaf))
        {
            var statuses = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
            return $"the certificate of {serverName} ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to the trusted root {trustRoot.Subject}: {string.Join("; ", statuses)}";
        }
        if (!leaf.MatchesHostname(serverName))
            return $"the certificate {leaf.Subject} is not valid for {serverName}";
        return null;
    }
}
