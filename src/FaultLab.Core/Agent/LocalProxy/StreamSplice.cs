using System.Net.Sockets;

namespace FaultLab.Agent.LocalProxy;

/// <summary>
/// Copies bytes both ways between a client connection and a tunnel stream. The tunnel stream cannot
/// half-close, so when the client stops sending both directions end; when the destination stops,
/// the client's write half is shut and it gets <see cref="ClientCloseGrace"/> to close its side.
/// </summary>
internal static class StreamSplice
{
    /// <summary>How long a client may keep its side open after the destination finished.</summary>
    public static readonly TimeSpan ClientCloseGrace = TimeSpan.FromSeconds(5);

    private const int BufferBytes = 16 * 1024;

    public static async Task RunAsync(Socket clientSocket, Stream client, Stream upstream, CancellationToken stopping)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var toUpstream = CopyAsync(client, upstream, both.Token);
        var toClient = CopyAsync(upstream, client, both.Token);
        if (await Task.WhenAny(toUpstream, toClient) == toClient)
        {
            ShutdownSend(clientSocket);
            both.CancelAfter(ClientCloseGrace);
        }
        else
        {
            await both.CancelAsync();
        }
        await Task.WhenAll(toUpstream, toClient);
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset, a closed tunnel or the proxy stopping: the caller closes both ends, which is the outcome either way.
        }
    }

    private static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client already went away: there is no write half left to shut.
        }
    }
}
