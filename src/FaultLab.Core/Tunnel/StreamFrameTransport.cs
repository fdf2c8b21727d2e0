using System.Buffers.Binary;

namespace FaultLab.Tunnel;

/// <summary>
/// Frames on a byte stream (the TLS tunnel): each frame is preceded by its length as two bytes,
/// big-endian. A zero length is refused, since no frame is empty.
/// </summary>
internal sealed class StreamFrameTransport : ITunnelFrameTransport
{
    /// <summary>Largest frame a 16-bit length prefix can announce.</summary>
    public const int LargestFrameBytes = ushort.MaxValue;

    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _lengthBuffer = new byte[2];

    public StreamFrameTransport(Stream stream, string description)
    {
        _stream = stream;
        Description = description;
    }

    public int MaxFrameBytes => LargestFrameBytes;

    public string Description { get; }

    public string? CloseReason { get; private set; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (frame.Length is 0 or > LargestFrameBytes)
            throw new ArgumentException($"a frame of {frame.Length} bytes cannot be sent (1..{LargestFrameBytes})", nameof(frame));
        var buffer = new byte[2 + frame.Length];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)frame.Length);
        frame.CopyTo(buffer.AsMemory(2));
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(buffer, cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (CloseReason is not null) return null;
        try
        {
            if (!await ReadExactlyOrEndAsync(_lengthBuffer, cancellationToken))
                return Closed("the peer closed the connection");
            var length = BinaryPrimitives.ReadUInt16BigEndian(_lengthBuffer);
            if (length == 0)
                return Closed("the peer announced an empty frame, so the stream cannot be framed any more");
            var frame = new byte[length];
            if (!await ReadExactlyOrEndAsync(frame, cancellationToken))
                return Closed($"the connection ended inside a {length}-byte frame");
            return frame;
        }
        catch (IOException e)
        {
            return Closed($"connection failed: {e.Message}");
        }
        catch (ObjectDisposedException)
        {
            return Closed("the connection was closed locally");
        }
    }

    private byte[]? Closed(string reason)
    {
        CloseReason ??= reason;
        return null;
    }

    private async ValueTask<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return read == buffer.Length;
    }

    public async ValueTask DisposeAsync()
    {
        CloseReason ??= "closed locally";
        await _stream.DisposeAsync();
    }
}
