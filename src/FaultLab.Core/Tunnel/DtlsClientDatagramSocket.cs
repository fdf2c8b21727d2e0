using System.Net;
using System.Net.Sockets;

namespace FaultLab.Tunnel;

/// <summary>
/// The client's UDP socket to the edge, connected so only the edge's datagrams arrive, and the
/// loop that feeds them to the DTLS layer. An ICMP port-unreachable ends the association with a
/// reason instead of leaving DTLS to time out.
/// </summary>
internal sealed class DtlsClientDatagramSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private readonly IPEndPoint _edge;

    public DtlsClientDatagramSocket(IPEndPoint edge, IPAddress localAddress, int mtu)
    {
        _edge = edge;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(new IPEndPoint(localAddress, 0));
            _socket.Connect(edge);
            Datagrams = new QueuedDatagramTransport(_socket, remote: null, mtu);
        }
        catch (Exception)
        {
            _socket.Dispose();
            throw;
        }
        _receiveLoop = ReceiveLoopAsync();
    }

    public QueuedDatagramTransport Datagrams { get; }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[ushort.MaxValue];
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                Datagrams.Fail($"nothing listens on UDP {_edge} (ICMP port unreachable)");
                return;
            }
            catch (SocketException e)
            {
                Datagrams.Fail($"UDP receive from {_edge} failed: {e.SocketErrorCode}");
                return;
            }
            Datagrams.Offer(buffer.AsSpan(0, received).ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        Datagrams.Fail("closed locally");
        await _stop.CancelAsync();
        await _receiveLoop;
        _socket.Dispose();
        _stop.Dispose();
    }
}
