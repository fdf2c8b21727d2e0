using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>An origin that sends every UDP datagram back to its sender, and remembers the senders.</summary>
internal sealed class UdpEchoOrigin : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpEchoOrigin()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = EchoAsync();
    }

    public IPEndPoint EndPoint { get; }

    public ConcurrentQueue<IPAddress> Sources { get; } = new();

    private async Task EchoAsync()
    {
        var buffer = new byte[65535];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                var sender = (IPEndPoint)received.RemoteEndPoint;
                Sources.Enqueue(sender.Address);
                await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, sender, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier reply; keep echoing.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
    }
}
