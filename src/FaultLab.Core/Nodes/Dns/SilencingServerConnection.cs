using System.Buffers.Binary;
using System.Net;
using ARSoft.Tools.Net.Dns;

namespace FaultLab.Nodes.Dns;

/// <summary>One client connection (or UDP exchange) that does not send a response marked as silenced.</summary>
internal sealed class SilencingServerConnection(IServerConnection inner, IServerTransport transport, SilencedResponses silenced) : IServerConnection
{
    public IServerTransport Transport => transport;
    public IPEndPoint RemoteEndPoint => inner.RemoteEndPoint;
    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;
    public bool CanRead => inner.CanRead;

    public Task<bool> InitializeAsync(CancellationToken token) => inner.InitializeAsync(token);

    public Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token) => inner.ReceiveAsync(token);

    public Task<bool> SendAsync(DnsRawPackage package, CancellationToken token)
    {
        var message = package.ToArraySegment(false);
        if (message.Count >= 2
            && silenced.TryConsume(transport.TransportProtocol, inner.RemoteEndPoint, BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(0, 2))))
            return Task.FromResult(true);       // "sent": the client simply never hears back
        return inner.SendAsync(package, token);
    }

    public void Dispose() => inner.Dispose();
}
