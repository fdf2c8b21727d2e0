namespace FaultLab.Tunnel;

/// <summary>
/// A non-seekable network byte stream that only reads and writes asynchronously: subclasses give
/// <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> and <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>;
/// the synchronous calls throw, since they would block a thread on the network.
/// </summary>
internal abstract class AsyncOnlyStream : Stream
{
    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException("a network stream has no length");
    public override long Position
    {
        get => throw new NotSupportedException("a network stream cannot seek");
        set => throw new NotSupportedException("a network stream cannot seek");
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("use ReadAsync: this stream reads from the network");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("use WriteAsync: this stream writes to the network");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a network stream cannot seek");
    public override void SetLength(long value) => throw new NotSupportedException("a network stream has no length");
}
