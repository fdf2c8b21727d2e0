using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace FaultLab.Tunnel;

/// <summary>
/// A TCP port on the bind address (allocated by the OS) that runs a handler per accepted
/// connection, and on disposal stops accepting, cancels the handlers and waits for them.
/// </summary>
internal sealed class TcpConnectionListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly string _name;
    private readonly ILogger _log;
    private readonly BackgroundWork _connections;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private TcpConnectionListener(Socket listener, string name, Func<Socket, CancellationToken, Task> serve, ILogger log)
    {
        _listener = listener;
        _name = name;
        _serve = serve;
        _log = log;
        _connections = new BackgroundWork(log);
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Listens on a new port of <paramref name="bindAddress"/>. <paramref name="name"/> says what
    /// listens, for logs; <paramref name="serve"/> serves one connection, whose socket is disposed when it returns.
    /// </summary>
    public static TcpConnectionListener Start(IPAddress bindAddress, string name, Func<Socket, CancellationToken, Task> serve, ILogger log)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(bindAddress, 0));
            listener.Listen(128);
        }
        catch (SocketException)
        {
            listener.Dispose();
            throw;
        }
        return new TcpConnectionListener(listener, name, serve, log);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.LogInformation("{Name}: accept failed: {Error}", _name, e.SocketErrorCode);
                continue;
            }
            // Read the peer before serving: a connection served synchronously is already disposed when Track runs.
            var label = $"{_name} connection from {client.RemoteEndPoint}";
            _connections.Track(ServeAsync(client), label);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            client.NoDelay = true;
            await _serve(client, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await _connections.WhenAllEndedAsync();
        _stop.Dispose();
    }
}
