using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// The HTTP clients the middlebox forwards with: one pool per client address, so a pooled
/// upstream connection opened for one laptop is never reused for another (each keeps its own
/// source address). They dial lab names through the directory and trust only the lab's CAs.
/// </summary>
internal sealed class UpstreamClients(LabServiceDialer dialer, UpstreamCertificateValidator validator, TimeSpan connectTimeout) : IDisposable
{
    private readonly ConcurrentDictionary<IPAddress, Lazy<HttpMessageInvoker>> _byClient = new();

    public HttpMessageInvoker For(IPAddress client) => _byClient.GetOrAdd(client, c => new Lazy<HttpMessageInvoker>(() => Create(c))).Value;

    private HttpMessageInvoker Create(IPAddress client) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = connectTimeout,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
        ConnectCallback = async (connection, cancellationToken) =>
        {
            var endpoint = connection.DnsEndPoint;
            var socket = await dialer.DialAsync(endpoint.Host, endpoint.Port, client, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = { RemoteCertificateValidationCallback = validator.Validate },
    }, disposeHandler: true);

    public void Dispose()
    {
        foreach (var invoker in _byClient.Values.Where(l => l.IsValueCreated)) invoker.Value.Dispose();
        _byClient.Clear();
    }
}
