using System.Net.Sockets;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// Copies bytes both ways between two connected TCP sockets until both directions ended. When one
/// side stops sending, the other side's write half is shut, so half-closes pass through.
/// </summary>
internal static class SocketSplice
{
    private const int BufferBytes = 16 * 1024;

    public static async Task RunAsync(Socket client, Socket origin, CancellationToken cancellationToken)
    {
        await Task.WhenAll(CopyAsync(client, origin, cancellationToken), CopyAsync(origin, client, cancellationToken));
    }

    private static async Task CopyAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                var pending = buffer.AsMemory(0, read);
                while (!pending.IsEmpty) pending = pending[await to.SendAsync(pending, SocketFlags.None, cancellationToken)..];
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side reset or the edge is stopping: closing both sockets ends the other direction too.
            from.Dispose();
            to.Dispose();
        }
    }
}
