using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace FaultLab.Tunnel;

/// <summary>
/// The UDP side of one DTLS association, as BouncyCastle's blocking <see cref="DatagramTransport"/>:
/// datagrams are offered by whoever reads the socket (the edge's demultiplexer, or the client's
/// receive loop) and taken here; sends go straight to the socket. Limits follow the tunnel MTU.
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    /// <summary>IPv4 and UDP headers, which the MTU includes and a datagram payload does not.</summary>
    public const int IpUdpOverheadBytes = 28;

    /// <summary>Datagrams held for a slow reader before new ones are dropped, as a full socket buffer would.</summary>
    private const int QueueCapacity = 1024;

    private readonly Socket _socket;
    private readonly IPEndPoint? _remote;
    private readonly int _payloadLimit;
    private readonly BlockingCollection<byte[]> _inbound = new(QueueCapacity);
    private readonly CancellationTokenSource _closed = new();
    private int _dropped;

    /// <param name="socket">The UDP socket to send on.</param>
    /// <param name="remote">Where to send, or null when the socket is connected.</param>
    /// <param name="mtu">The tunnel MTU: the largest IP packet a datagram may make.</param>
    public QueuedDatagramTransport(Socket socket, IPEndPoint? remote, int mtu)
    {
        if (mtu <= IpUdpOverheadBytes + 64) throw new ArgumentOutOfRangeException(nameof(mtu), $"an MTU of {mtu} bytes leaves no room for DTLS records");
        _socket = socket;
        _remote = remote;
        _payloadLimit = mtu - IpUdpOverheadBytes;
    }

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Why the transport closed: set by whoever closed it first.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Datagrams dropped because the reader fell behind.</summary>
    public int DroppedDatagrams => Volatile.Read(ref _dropped);

    /// <summary>Raised once when the transport closes, on the closing thread.</summary>
    public event Action<QueuedDatagramTransport>? Closed;

    /// <summary>Hands a received datagram to the DTLS layer; false when it was dropped.</summary>
    public bool Offer(byte[] datagram)
    {
        if (IsClosed) return false;
        if (_inbound.TryAdd(datagram)) return true;
        Interlocked.Increment(ref _dropped);
        return false;
    }

    public int GetReceiveLimit() => _payloadLimit;

    public int GetSendLimit() => _payloadLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <remarks>A <paramref name="waitMillis"/> of zero waits without limit (BouncyCastle's convention).</remarks>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        byte[] datagram;
        try
        {
            if (!_inbound.TryTake(out datagram!, waitMillis == 0 ? Timeout.Infinite : waitMillis, _closed.Token))
                return -1;
        }
        catch (OperationCanceledException)
        {
            throw new IOException($"datagram transport closed: {CloseReason}");
        }
        // A datagram longer than the buffer is cut, as a UDP socket would; DTLS then discards the record.
        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (IsClosed) throw new IOException($"datagram transport closed: {CloseReason}");
        try
        {
            if (_remote is null) _socket.Send(buffer);
            else _socket.SendTo(buffer, SocketFlags.None, _remote);
        }
        catch (ObjectDisposedException)
        {
            throw new IOException("the UDP socket is closed");
        }
    }

    /// <summary>Called by BouncyCastle when the DTLS session ends.</summary>
    public void Close() => Fail("the DTLS layer closed it");

    /// <summary>Closes with a reason (the first reason wins); a blocked <see cref="Receive(Span{byte},int)"/> then throws.</summary>
    public void Fail(string reason)
    {
        lock (_closed)
        {
            if (IsClosed) return;
            CloseReason = reason;
            _closed.Cancel();
        }
        Closed?.Invoke(this);
    }
}
