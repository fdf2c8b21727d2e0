using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A client connection the front listener accepted and gives to Kestrel. Its input still holds
/// the bytes the front listener peeked at; disposing it closes the client's socket.
/// </summary>
internal sealed class HandedOverConnection : ConnectionContext
{
    private readonly Socket _socket;
    private readonly Action<Socket> _closed;
    private readonly CancellationTokenSource _closing = new();
    private int _disposed;

    public HandedOverConnection(Socket socket, PipeReader input, PipeWriter output, ConnectionOrigin origin, Action<Socket> closed)
    {
        _socket = socket;
        _closed = closed;
        Transport = new DuplexPipe(input, output);
        RemoteEndPoint = origin.Client;
        LocalEndPoint = socket.LocalEndPoint;
        ConnectionId = $"{origin.Client}-{Guid.NewGuid():N}";
        Features.Set(origin);
        ConnectionClosed = _closing.Token;
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        if (Volatile.Read(ref _disposed) == 1) return;
        _closing.Cancel();
        _socket.Close(0);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await Transport.Input.CompleteAsync();
        await Transport.Output.CompleteAsync();
        _closing.Cancel();
        _socket.Dispose();
        _closed(_socket);
    }
}
