using System.Net;
using System.Net.Sockets;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// A connection the middlebox relays untouched to <see cref="Host"/>, kept so that an inspection
/// that starts later can take it over: resetting it makes the client reconnect into the new treatment.
/// </summary>
internal sealed class PassThroughConnection(string host, IPEndPoint client, Socket clientSocket, Socket upstream)
{
    private int _reset;

    /// <summary>The host the client asked for (SNI or CONNECT target).</summary>
    public string Host { get; } = host;

    public IPEndPoint Client { get; } = client;

    /// <summary>Resets both sides (RST, not FIN: the client sees the connection torn, as when an inspector grabs it); false when already reset.</summary>
    public bool Reset()
    {
        if (Interlocked.Exchange(ref _reset, 1) == 1) return false;
        Abort(clientSocket);
        Abort(upstream);
        return true;
    }

    private static void Abort(Socket socket)
    {
        try
        {
            // Linger with a zero timeout makes close send RST instead of FIN.
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The relay closed it meanwhile; closing is all that is left.
        }
        socket.Close();
    }
}
