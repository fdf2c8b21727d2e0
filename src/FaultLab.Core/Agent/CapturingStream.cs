using System.Net;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>A TCP stream of an app whose bytes also go to the agent's packet capture while one runs.</summary>
public sealed class CapturingStream(Stream inner, IPEndPoint local, IPEndPoint remote, Func<PcapRecorder?> capture) : Stream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read > 0) capture()?.Record(Transport.Tcp, remote, local, buffer.Span[..read]);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        capture()?.Record(Transport.Tcp, local, remote, buffer.Span);
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
        capture()?.Record(Transport.Tcp, local, remote, buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a network stream cannot seek");
    public override void SetLength(long value) => throw new NotSupportedException("a network stream has no length");

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
