using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace FaultLab.Tests.Middleboxes.Tcp;

/// <summary>A TCP node for tests on loopback; what it does with each connection is one of the modes below.</summary>
internal sealed class TcpTestServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Func<Socket, TcpTestServer, Task> _serve;
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;

    private TcpTestServer(Func<Socket, TcpTestServer, Task> serve)
    {
        _serve = serve;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>Returns every byte as it comes; passes the client's FIN back once all is echoed.</summary>
    public static TcpTestServer Echo() => new(EchoAsync);

    /// <summary>
    /// Reads until the client's FIN, keeps what came (see <see cref="Received"/>), then answers
    /// "received N bytes" and closes: an answer that only a half-closed connection can carry.
    /// </summary>
    public static TcpTestServer CollectThenAnswer() => new(CollectAsync);

    public IPEndPoint EndPoint { get; }

    /// <summary>For <see cref="CollectThenAnswer"/>: everything each connection sent, once it finished sending.</summary>
    public ChannelReader<byte[]> Received => _received.Reader;

    public static string AnswerFor(int bytes) => $"received {bytes} bytes";

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                return;
            }
            lock (_connections) _connections.Add(ServeOneAsync(client));
        }
    }

    private async Task ServeOneAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await _serve(client, this);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.OperationAborted)
            {
                // The relay reset this connection: that is what several tests provoke.
            }
        }
    }

    private static async Task EchoAsync(Socket client, TcpTestServer server)
    {
        var buffer = new byte[16384];
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);
    }

    private static async Task CollectAsync(Socket client, TcpTestServer server)
    {
        var all = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            all.Write(buffer, 0, read);
        server._received.Writer.TryWrite(all.ToArray());
        await client.SendAsync(Encoding.ASCII.GetBytes(AnswerFor((int)all.Length)), SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _acceptLoop;
        Task[] connections;
        lock (_connections) connections = [.. _connections];
        await Task.WhenAll(connections).WaitAsync(TcpTestClient.StepTimeout);
    }
}
