using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace FaultLab.Tests.Middleboxes.Udp;

/// <summary>A UDP node for tests on loopback: records every datagram with its sender and, as an echo, returns it.</summary>
internal sealed class UdpTestNode : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Channel<(IPEndPoint From, byte[] Payload)> _received = Channel.CreateUnbounded<(IPEndPoint, byte[])>();
    private readonly bool _echo;
    private readonly Task _loop;

    private UdpTestNode(bool echo)
    {
        _echo = echo;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Returns every datagram to its sender.</summary>
    public static UdpTestNode Echo() => new(echo: true);

    /// <summary>Keeps every datagram and answers nothing, so only one direction carries traffic.</summary>
    public static UdpTestNode Sink() => new(echo: false);

    public IPEndPoint EndPoint { get; }

    /// <summary>Datagrams in arrival order.</summary>
    public ChannelReader<(IPEndPoint From, byte[] Payload)> Received => _received.Reader;

    private async Task ServeAsync()
    {
        var buffer = new byte[65536];
        while (true)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                _received.Writer.TryComplete();
                return;
            }
            var from = (IPEndPoint)result.RemoteEndPoint;
            var payload = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            _received.Writer.TryWrite((from, payload));
            if (_echo) await _socket.SendToAsync(payload, SocketFlags.None, from);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _loop;
    }
}
