using System.Threading.Channels;
using FaultLab.World;

namespace FaultLab.Tunnel;

/// <summary>
/// One stream opened through the tunnel. For TCP it is a byte <see cref="Stream"/> (read returns 0
/// once the edge closed it). For UDP each write is one datagram and each read returns one whole
/// datagram; <see cref="SendDatagramAsync"/> and <see cref="ReceiveDatagramAsync"/> say so explicitly.
/// Only the asynchronous methods are supported: reads wait on the network.
/// </summary>
public sealed class TunnelStream : Stream
{
    private readonly TunnelClient _tunnel;
    private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleWriter = true });
    private ReadOnlyMemory<byte> _pending;
    private int _closed;

    internal TunnelStream(TunnelClient tunnel, uint streamId, string host, int port, Transport transport)
    {
        _tunnel = tunnel;
        StreamId = streamId;
        Host = host;
        Port = port;
        Transport = transport;
    }

    public uint StreamId { get; }
    public string Host { get; }
    public int Port { get; }
    public Transport Transport { get; }

    /// <summary>True once the edge closed the stream (the origin ended it, or the tunnel went down).</summary>
    public bool RemoteClosed { get; private set; }

    /// <summary>Largest datagram a UDP stream can carry through this tunnel.</summary>
    public int MaxDatagramBytes => _tunnel.MaxDataBytes;

    internal void Deliver(byte[] payload) => _inbound.Writer.TryWrite(payload);

    internal void CloseFromEdge()
    {
        RemoteClosed = true;
        Interlocked.Exchange(ref _closed, 1);
        _inbound.Writer.TryComplete();
    }

    /// <summary>Sends one datagram (UDP streams only).</summary>
    public async ValueTask SendDatagramAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        RequireUdp();
        if (datagram.Length > MaxDatagramBytes)
            throw new ArgumentException($"a {datagram.Length}-byte datagram does not fit the tunnel ({MaxDatagramBytes} bytes at most)", nameof(datagram));
        await _tunnel.SendDataAsync(StreamId, datagram, cancellationToken);
    }

    /// <summary>The next datagram (UDP streams only), or null once the stream is closed.</summary>
    public async ValueTask<byte[]?> ReceiveDatagramAsync(CancellationToken cancellationToken = default)
    {
        RequireUdp();
        return await NextPayloadAsync(cancellationToken);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        if (Transport == Transport.Udp)
        {
            var datagram = await NextPayloadAsync(cancellationToken);
            if (datagram is null) return 0;
            if (datagram.Length > buffer.Length)
                throw new IOException($"a {datagram.Length}-byte datagram does not fit the {buffer.Length}-byte read buffer");
            datagram.CopyTo(buffer);
            return datagram.Length;
        }
        while (_pending.IsEmpty)
        {
            var next = await NextPayloadAsync(cancellationToken);
            if (next is null) return 0;
            _pending = next;
        }
        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _closed) != 0) throw new IOException($"stream {StreamId} to {Host}:{Port} is closed");
        if (Transport == Transport.Udp)
        {
            await SendDatagramAsync(buffer, cancellationToken);
            return;
        }
        var chunkBytes = _tunnel.MaxDataBytes;
        for (var offset = 0; offset < buffer.Length; offset += chunkBytes)
            await _tunnel.SendDataAsync(StreamId, buffer.Slice(offset, Math.Min(chunkBytes, buffer.Length - offset)), cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async ValueTask<byte[]?> NextPayloadAsync(CancellationToken cancellationToken)
    {
        while (await _inbound.Reader.WaitToReadAsync(cancellationToken))
            if (_inbound.Reader.TryRead(out var payload)) return payload;
        return null;
    }

    private void RequireUdp()
    {
        if (Transport != Transport.Udp) throw new InvalidOperationException($"stream {StreamId} is TCP; use ReadAsync/WriteAsync");
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException("a tunnel stream has no length");
    public override long Position
    {
        get => throw new NotSupportedException("a tunnel stream cannot seek");
        set => throw new NotSupportedException("a tunnel stream cannot seek");
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("use ReadAsync: a tunnel stream reads from the network");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("use WriteAsync: a tunnel stream writes to the network");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a tunnel stream cannot seek");
    public override void SetLength(long value) => throw new NotSupportedException("a tunnel stream has no length");

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) await _tunnel.CloseStreamAsync(StreamId);
        _inbound.Writer.TryComplete();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        // A synchronous dispose cannot wait for the network: the Close frame is sent in the background.
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0) _tunnel.BeginCloseStream(StreamId);
        _inbound.Writer.TryComplete();
        base.Dispose(disposing);
    }
}
