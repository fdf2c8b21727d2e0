using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>
/// HttpClients that reach lab names (https://api.edge.lab/...) through the directory, as the
/// lab DNS would, and trust only the lab root, so SNI and host-name checks are the real ones.
/// Given a client certificate (with its key) they present it when a server asks (mutual TLS).
/// </summary>
internal static class LabHttpClientFactory
{
    public static HttpClient Create(LabDirectory directory, X509Certificate2 trustRoot, X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var service = new ServiceAddress(context.DnsEndPoint.Host, context.DnsEndPoint.Port, Transport.Tcp);
                if (!directory.TryResolve(service, out var target)) throw new HttpRequestException($"no lab service at {service}");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(target, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (Exception)
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, [], offline: true),
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { trustRoot },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
