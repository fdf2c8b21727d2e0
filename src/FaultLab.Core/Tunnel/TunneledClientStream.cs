using System.Threading.Channels;

namespace FaultLab.Tunnel;

/// <summary>
/// The edge's view of the client end of one tunnelled TCP stream, as a byte <see cref="Stream"/>:
/// reads return the payloads of the client's Data frames, writes go back as Data frames. Used
/// when the edge has to read the stream itself (SSL inspection) instead of splicing it to a socket.
/// </summary>
internal sealed class TunneledClientStream : AsyncOnlyStream
{
    private readonly Channel<ReadOnlyMemory<byte>> _inbound = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _sendData;
    private readonly int _maxChunkBytes;
    private ReadOnlyMemory<byte> _pending;

    /// <param name="sendData">Sends one Data frame with the given payload to the client.</param>
    /// <param name="maxChunkBytes">Largest payload of one Data frame.</param>
    public TunneledClientStream(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sendData, int maxChunkBytes)
    {
        _sendData = sendData;
        _maxChunkBytes = maxChunkBytes;
    }

    /// <summary>Hands over the payload of a Data frame from the client.</summary>
    public void Deliver(ReadOnlyMemory<byte> payload) => _inbound.Writer.TryWrite(payload);

    /// <summary>The client closed the stream: reads return 0 once what arrived is read.</summary>
    public void CompleteFromClient() => _inbound.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (_pending.IsEmpty)
        {
            if (!await _inbound.Reader.WaitToReadAsync(cancellationToken)) return 0;
            _inbound.Reader.TryRead(out _pending);
        }
        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (var offset = 0; offset < buffer.Length; offset += _maxChunkBytes)
            await _sendData(buffer.Slice(offset, Math.Min(_maxChunkBytes, buffer.Length - offset)), cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inbound.Writer.TryComplete();
        base.Dispose(disposing);
    }
}
