using System.Net;
using System.Net.Sockets;

namespace FaultLab.Bench;

/// <summary>A UDP echo on loopback tuned for load: one thread, no allocation per datagram.</summary>
internal sealed class UdpEchoTarget : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;

    public UdpEchoTarget(int socketBufferBytes)
    {
        _socket.ReceiveBufferSize = socketBufferBytes;
        _socket.SendBufferSize = socketBufferBytes;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(Serve) { IsBackground = true, Name = "udp echo" };
        _thread.Start();
    }

    public IPEndPoint EndPoint { get; }

    private void Serve()
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (true)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.Interrupted or SocketError.OperationAborted })
            {
                return;
            }
            _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join();
    }
}
