using System.IO.Pipelines;
using System.Net.Sockets;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// Relays a connection byte for byte in both directions (pass-through), starting with the bytes
/// the front listener peeked at; each direction's end is passed on as a half-close.
/// </summary>
internal static class ByteRelay
{
    /// <summary>Relays until both directions ended; returns false when a side failed rather than closed.</summary>
    public static async Task<bool> RunAsync(PipeReader fromClient, Socket client, Socket upstream, CancellationToken cancellationToken)
    {
        await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
        await using var clientStream = new NetworkStream(client, ownsSocket: false);
        var toUpstream = PumpAsync(fromClient, upstreamStream, upstream, cancellationToken);
        var toClient = CopyAsync(upstreamStream, clientStream, client, cancellationToken);

        var first = await Task.WhenAny(toUpstream, toClient);
        if (!await first)
        {
            // One side failed: close both so the other direction ends too instead of waiting forever.
            client.Close(0);
            upstream.Close(0);
        }
        var clean = await toUpstream & await toClient;
        return clean;
    }

    private static async Task<bool> PumpAsync(PipeReader from, Stream to, Socket toSocket, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(cancellationToken);
                foreach (var segment in read.Buffer) await to.WriteAsync(segment, cancellationToken);
                from.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled) break;
            }
            toSocket.Shutdown(SocketShutdown.Send);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> CopyAsync(Stream from, Stream to, Socket toSocket, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
            toSocket.Shutdown(SocketShutdown.Send);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }
}
