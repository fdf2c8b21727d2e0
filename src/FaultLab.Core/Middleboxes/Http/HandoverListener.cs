using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace FaultLab.Middleboxes.Http;

/// <summary>Kestrel's listener for one <see cref="HandoverEndPoint"/>: a queue of handed-over connections.</summary>
internal sealed class HandoverListener(HandoverEndPoint endpoint) : IConnectionListener
{
    private readonly Channel<ConnectionContext> _pending = Channel.CreateUnbounded<ConnectionContext>();

    public EndPoint EndPoint => endpoint;

    /// <summary>Queues a connection for Kestrel; false once the listener is unbound.</summary>
    public bool TryEnqueue(ConnectionContext connection) => _pending.Writer.TryWrite(connection);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;    // Kestrel's signal that the listener is done
        }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _pending.Writer.TryComplete();
        // Connections handed over but never accepted are closed here rather than leaked.
        while (_pending.Reader.TryRead(out var left)) await left.DisposeAsync();
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}
