using System.Net;
using System.Net.Sockets;

namespace FaultLab.Tests.Middleboxes.Tcp;

/// <summary>A TCP client on loopback, as an app on the laptop; every wait is bounded so a broken relay fails the test.</summary>
internal sealed class TcpTestClient : IDisposable
{
    /// <summary>How long any step may take before the test fails: far above loopback times.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(5);

    private TcpTestClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static async Task<TcpTestClient> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(StepTimeout);
        await socket.ConnectAsync(server, timeout.Token);
        return new TcpTestClient(socket);
    }

    /// <summary>
    /// Connects and reads until the connection ends. A reset can end it before the connect call
    /// even returns (on loopback the kernel completes the handshake before the relay resets it),
    /// so both places count.
    /// </summary>
    public static async Task<(byte[] Bytes, SocketError? EndedBy)> ConnectAndReadToEndAsync(IPEndPoint server)
    {
        TcpTestClient client;
        try
        {
            client = await ConnectAsync(server);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return ([], e.SocketErrorCode);
        }
        using (client) return await client.ReceiveToEndAsync();
    }

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        var sent = 0;
        while (sent < bytes.Length)
            sent += await Socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, timeout.Token);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(StepTimeout);
        var got = 0;
        while (got < count)
        {
            var read = await Socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, timeout.Token);
            if (read == 0) throw new AssertionException($"connection closed after {got} of {count} bytes");
            got += read;
        }
        return buffer;
    }

    /// <summary>Reads until the connection ends; returns what came and how it ended (null for a FIN, else the socket error).</summary>
    public async Task<(byte[] Bytes, SocketError? EndedBy)> ReceiveToEndAsync()
    {
        var all = new MemoryStream();
        var buffer = new byte[16384];
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            int read;
            while ((read = await Socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                all.Write(buffer, 0, read);
            return (all.ToArray(), null);
        }
        catch (SocketException e)
        {
            return (all.ToArray(), e.SocketErrorCode);
        }
    }

    public void Dispose() => Socket.Dispose();
}
