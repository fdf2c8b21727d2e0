using System.Net;
using FaultLab.Capture;
using FaultLab.Middleboxes;

namespace FaultLab.Agent;

/// <summary>A TCP stream of an app whose bytes also go to the agent's packet capture while one runs.</summary>
public sealed class CapturingStream(Stream inner, IPEndPoint local, IPEndPoint remote, Func<PcapRecorder?> capture) : Stream
{
    private readonly object _gate = new();
    private PcapRecorder? _recorder;
    private ICapturedConnection? _flow;

    private void Record(FlowDirection direction, ReadOnlySpan<byte> payload)
    {
        if (capture() is not { } recorder) return;
        ICapturedConnection flow;
        lock (_gate)
        {
            // A capture started after the connection opened records it from then on, as a new flow.
            if (!ReferenceEquals(recorder, _recorder)) (_recorder, _flow) = (recorder, recorder.Connected(local, remote));
            flow = _flow!;
        }
        flow.RecordData(direction, payload);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read > 0) Record(FlowDirection.ToClient, buffer.Span[..read]);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Record(FlowDirection.ToNode, buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException("a network stream has no length");
    public override long Position
    {
        get => throw new NotSupportedException("a network stream has no position");
        set => throw new NotSupportedException("a network stream has no position");
    }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override void Write(byte[] buffer, int offset, int count)
    {
        Record(FlowDirection.ToNode, buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a network stream cannot seek");
    public override void SetLength(long value) => throw new NotSupportedException("a network stream has no length");

    private void RecordClose()
    {
        ICapturedConnection? flow;
        lock (_gate) flow = ReferenceEquals(capture(), _recorder) ? _flow : null;
        flow?.RecordClose(FlowDirection.ToNode);
    }

    public override async ValueTask DisposeAsync()
    {
        RecordClose();
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            RecordClose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
