using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using FaultLab.Tunnel;

namespace FaultLab.Agent;

/// <summary>
/// An HttpClient of the laptop: every connection comes from <see cref="StreamConnector"/> (direct or
/// tunnelled), no system proxy, and server certificates must chain to the one root given (the lab
/// root, or the pinned origin CA for a pinned app). A refused certificate is kept with its reason.
/// With a client certificate it speaks mutual TLS (the device certificate, to the private access broker).
/// </summary>
public sealed class LaptopHttp : IDisposable
{
    private string? _certificateProblem;

    public LaptopHttp(StreamConnector connect, X509Certificate2 trustRoot, TimeProvider deviceClock, TimeSpan timeout,
        SslStreamCertificateContext? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, ct) => await connect(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    if (certificate is null)
                    {
                        _certificateProblem = "the server sent no certificate";
                        return false;
                    }
                    var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    _lastIssuer = leaf.Issuer;
                    var host = leaf.GetNameInfo(X509NameType.DnsName, forIssuer: false);
                    _certificateProblem = ServerCertificateVerifier.Problem(leaf, chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? [],
                        trustRoot, TargetHost ?? host, deviceClock.GetUtcNow());
                    return _certificateProblem is null;
                },
            },
        };
        Client = new HttpClient(handler) { Timeout = timeout };
    }

    private string? _lastIssuer;

    public HttpClient Client { get; }

    /// <summary>The host the next request goes to (checked against the certificate).</summary>
    public string? TargetHost { get; set; }

    /// <summary>The issuer of the last server certificate seen (what a user reads in the browser's padlock); null before any TLS.</summary>
    public string? LastIssuer => _lastIssuer;

    /// <summary>Why the last server certificate was refused; null when none was.</summary>
    public string? CertificateProblem => _certificateProblem;

    /// <summary>One GET, with the target host remembered for the certificate check.</summary>
    public Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        TargetHost = url.Host;
        return Client.GetAsync(url, cancellationToken);
    }

    /// <summary>Turns a failed request into one line, preferring the certificate reason.</summary>
    public string Describe(Exception e) => _certificateProblem is { } problem
        ? $"certificate error: {problem}"
        : e is TaskCanceledException ? $"timed out after {Client.Timeout.TotalSeconds:0.#} s" : Innermost(e);

    /// <summary>An exception and its inner ones as one line.</summary>
    public static string Innermost(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) message = $"{message}: {inner.Message}";
        return message;
    }

    public void Dispose() => Client.Dispose();
}
