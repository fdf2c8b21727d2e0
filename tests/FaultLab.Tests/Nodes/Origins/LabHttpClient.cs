using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Origins;

/// <summary>
/// An HttpClient as a lab laptop would have: lab names are dialled through the directory (so URLs
/// and SNI carry the lab name), only <c>trustedRoot</c> is trusted, and it can leave from a chosen
/// loopback address to play a second client.
/// </summary>
internal static class LabHttpClient
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static HttpClient Create(LabDirectory directory, X509Certificate2? trustedRoot = null, IPAddress? localAddress = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (connection, cancellationToken) =>
            {
                var lab = new ServiceAddress(connection.DnsEndPoint.Host, connection.DnsEndPoint.Port, Transport.Tcp);
                if (!directory.TryResolve(lab, out var actual))
                    throw new HttpRequestException($"{lab} is not in the lab directory");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (localAddress is not null) socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(actual, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (Exception)
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = TrustOnly(trustedRoot),
        };
        return new HttpClient(handler) { Timeout = RequestTimeout };
    }

    /// <summary>TLS options that accept a server only when its chain ends at <paramref name="root"/> and its name matches.</summary>
    public static SslClientAuthenticationOptions TrustOnly(X509Certificate2? root)
    {
        if (root is null) return new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => false };
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(root);
        return new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
    }
}
