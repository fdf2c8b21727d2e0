using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>
/// An HTTPS GET as a browser on the laptop makes it, over a tunnel stream or a proxy CONNECT,
/// trusting only the given root: it records which issuer it was shown before deciding.
/// </summary>
internal static class HttpsProbe
{
    /// <summary>GET https://<paramref name="host"/>/ through a TCP stream of the tunnel.</summary>
    public static async Task<HttpsProbeResult> ThroughTunnelAsync(TunnelClient tunnel, string host, X509Certificate2 trustedRoot, CancellationToken cancellationToken)
    {
        await using var stream = await tunnel.OpenStreamAsync(host, 443, Transport.Tcp, cancellationToken);
        return await GetAsync(stream, host, trustedRoot, cancellationToken);
    }

    /// <summary>GET https://<paramref name="host"/>/ through CONNECT on the edge's proxy port.</summary>
    public static async Task<HttpsProbeResult> ThroughProxyAsync(System.Net.IPEndPoint proxy, string host, X509Certificate2 trustedRoot, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(proxy, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n"), cancellationToken);
        var head = await ReadHeadAsync(stream, cancellationToken);
        Assert.That(head, Does.StartWith("HTTP/1.1 200"), "the proxy accepts the CONNECT");
        return await GetAsync(stream, host, trustedRoot, cancellationToken);
    }

    private static async Task<HttpsProbeResult> GetAsync(Stream transport, string host, X509Certificate2 trustedRoot, CancellationToken cancellationToken)
    {
        string issuer = "(no certificate)";
        var errors = SslPolicyErrors.RemoteCertificateNotAvailable;
        var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        trust.CustomTrustStore.Add(trustedRoot);
        await using var tls = new SslStream(transport, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                CertificateChainPolicy = trust,
                RemoteCertificateValidationCallback = (_, certificate, _, policyErrors) =>
                {
                    issuer = certificate?.Issuer ?? issuer;
                    errors = policyErrors;
                    return policyErrors == SslPolicyErrors.None;
                },
            }, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return new HttpsProbeResult(issuer, errors, null, e.Message);
        }
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), cancellationToken);
        using var reader = new StreamReader(tls, Encoding.UTF8, leaveOpen: true);
        var response = await reader.ReadToEndAsync(cancellationToken);
        return new HttpsProbeResult(issuer, errors, response, null);
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        // Byte by byte, so nothing after the head (the TLS that follows) is taken from the stream.
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) break;
            head.Append((char)one[0]);
        }
        return head.ToString();
    }
}
