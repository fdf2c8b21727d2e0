using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>
/// One direction of a relayed TCP connection. A reader takes chunks from the sending socket and
/// queues them with the time they are due (latency); a writer sends them on when due, paced to the
/// bandwidth limit, and passes the sender's FIN on once everything queued is out. Reading ahead
/// keeps latency from throttling throughput; the bounded queue keeps memory bounded.
/// </summary>
internal sealed class TcpStreamPump(TcpRelayedConnection connection, FlowDirection direction, Socket from, Socket to)
{
    private const int ChunkBytes = 16 * 1024;
    private const int QueuedChunks = 16;
    // A limited stream is sent in this many slices a second, so it flows rather than bursts.
    private const int PacingSlicesPerSecond = 20;

    private readonly Channel<QueuedChunk> _queue = Channel.CreateBounded<QueuedChunk>(
        new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });
    private long _nextSendAllowed;

    public FlowDirection Direction => direction;

    public Task RunAsync() => Task.WhenAll(ReadAsync(), WriteAsync());

    private async Task ReadAsync()
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                int read;
                try
                {
                    read = await from.ReceiveAsync(buffer, SocketFlags.None, connection.StopReading);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    // Closing the relay stops reading and lets the writer deliver what is queued; anything else is a reset.
                    if (!connection.StopReading.IsCancellationRequested) connection.Abort(direction, e);
                    return;
                }
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    if (direction == FlowDirection.ToNode) connection.Capture?.RecordClose(direction);
                    return;
                }
                if (direction == FlowDirection.ToNode) connection.Capture?.RecordData(direction, buffer.AsSpan(0, read));

                var allowed = connection.TakeBudget(read, out var resetNow);
                var shape = connection.ShapeFor(direction, allowed);
                var due = connection.Clock.GetTimestamp() + (long)(shape.Latency.TotalSeconds * connection.Clock.TimestampFrequency);
                if (allowed > 0) await _queue.Writer.WriteAsync(new QueuedChunk(buffer, allowed, due, shape.BytesPerSecond), connection.Aborting);
                else ArrayPool<byte>.Shared.Return(buffer);
                if (resetNow)
                {
                    await _queue.Writer.WriteAsync(QueuedChunk.ResetMarker(due), connection.Aborting);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (connection.Aborting.IsCancellationRequested)
        {
            // The connection was reset while this side waited for room in the queue.
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(connection.Aborting))
            {
                while (_queue.Reader.TryRead(out var chunk))
                {
                    await WaitUntilAsync(chunk.Due);
                    if (chunk.IsReset)
                    {
                        connection.ResetByFault();
                        return;
                    }
                    try
                    {
                        await SendAsync(chunk);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(chunk.Buffer!);
                    }
                }
            }
            to.Shutdown(SocketShutdown.Send);
            if (direction == FlowDirection.ToClient) connection.Capture?.RecordClose(direction);
        }
        catch (OperationCanceledException) when (connection.Aborting.IsCancellationRequested)
        {
            // Reset meanwhile: what is still queued has nowhere to go.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The receiving side is gone; the reset travels back to the sender.
            connection.Abort(direction == FlowDirection.ToNode ? FlowDirection.ToClient : FlowDirection.ToNode, e);
        }
        finally
        {
            while (_queue.Reader.TryRead(out var left))
                if (left.Buffer is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendAsync(QueuedChunk chunk)
    {
        var rest = chunk.Buffer.AsMemory(0, chunk.Length);
        var slice = chunk.BytesPerSecond > 0
            ? (int)Math.Clamp(chunk.BytesPerSecond / PacingSlicesPerSecond, 1, chunk.Length)
            : chunk.Length;
        while (!rest.IsEmpty)
        {
            var part = rest[..Math.Min(slice, rest.Length)];
            if (chunk.BytesPerSecond > 0) await WaitUntilAsync(_nextSendAllowed);
            // Counted before it leaves, so whoever receives it also sees it counted.
            connection.Sending(direction, part.Span);
            var sent = 0;
            while (sent < part.Length)
                sent += await to.SendAsync(part[sent..], SocketFlags.None);
            if (chunk.BytesPerSecond > 0)
            {
                var now = connection.Clock.GetTimestamp();
                _nextSendAllowed = Math.Max(now, _nextSendAllowed) + part.Length * connection.Clock.TimestampFrequency / chunk.BytesPerSecond;
            }
            rest = rest[part.Length..];
        }
    }

    private async Task WaitUntilAsync(long due)
    {
        var wait = connection.Clock.GetElapsedTime(connection.Clock.GetTimestamp(), due);
        if (wait <= TimeSpan.Zero || connection.Hurry.IsCancellationRequested) return;
        // Holding bytes back is the fault's behaviour; closing the relay ends the wait and the bytes go at once.
        await Task.Delay(wait, connection.Clock, connection.Hurry).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
