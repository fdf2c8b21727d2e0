using System.Net;
using System.Net.Sockets;

namespace FaultLab.Middleboxes.Udp;

/// <summary>
/// One client of a <see cref="UdpRelay"/>: its address and the upstream socket that carries its
/// datagrams to the node, so the node's replies can be told apart and returned to it.
/// </summary>
internal sealed class UdpFlow : IDisposable
{
    private long _lastActive;
    private volatile bool _closed;

    public UdpFlow(SocketAddress clientAddress, IPEndPoint upstream, int socketBufferBytes, long now)
    {
        ClientAddress = clientAddress;
        Client = (IPEndPoint)new IPEndPoint(IPAddress.Loopback, 0).Create(clientAddress);
        Upstream = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = socketBufferBytes,
            SendBufferSize = socketBufferBytes,
        };
        try
        {
            // The node sees the laptop's own address, as it would without the middlebox (per-client state keys on it).
            Upstream.Bind(new IPEndPoint(IPAddress.IsLoopback(Client.Address) ? Client.Address : upstream.Address, 0));
            Upstream.Connect(upstream);
        }
        catch
        {
            Upstream.Dispose();
            throw;
        }
        _lastActive = now;
    }

    /// <summary>The client's address as the listening socket sees it; the key of the flow.</summary>
    public SocketAddress ClientAddress { get; }

    public IPEndPoint Client { get; }

    /// <summary>Connected to the node; what the node sees as the client.</summary>
    public Socket Upstream { get; }

    /// <summary>The loop that relays the node's replies; set once by the relay.</summary>
    public Task? ReplyLoop { get; set; }

    public bool Closed => _closed;

    public long LastActive => Volatile.Read(ref _lastActive);

    public void Touch(long now) => Volatile.Write(ref _lastActive, now);

    public void Dispose()
    {
        _closed = true;
        Upstream.Dispose();
    }
}
