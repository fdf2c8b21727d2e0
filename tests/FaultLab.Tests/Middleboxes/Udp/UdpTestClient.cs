using System.Net;
using System.Net.Sockets;

namespace FaultLab.Tests.Middleboxes.Udp;

/// <summary>A UDP client on loopback talking to one endpoint (a relay), as an app on the laptop would.</summary>
internal sealed class UdpTestClient : IDisposable
{
    /// <summary>How long a reply may take before a test fails: far above any loopback round trip.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a test listens for a reply that must not come: a lost datagram, as a ping timeout shows it.</summary>
    public static readonly TimeSpan NoReplyWindow = TimeSpan.FromMilliseconds(500);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpTestClient(IPEndPoint server)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(server);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public Task SendAsync(byte[] payload) => _socket.SendAsync(payload, SocketFlags.None);

    public Task SendAsync(int length, byte fill = 0x5a) => SendAsync(Enumerable.Repeat(fill, length).ToArray());

    /// <summary>The next datagram; fails the test when none comes within <see cref="ReplyTimeout"/>.</summary>
    public async Task<byte[]> ReceiveAsync() =>
        await TryReceiveAsync(ReplyTimeout) ?? throw new AssertionException($"no datagram within {ReplyTimeout.TotalSeconds} s");

    /// <summary>The next datagram, or null when none comes within <paramref name="window"/>.</summary>
    public async Task<byte[]?> TryReceiveAsync(TimeSpan window)
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(window);
        try
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer[..length];
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();
}
