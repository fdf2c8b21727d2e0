using System.Net.Sockets;
using FaultLab.World;

namespace FaultLab.Tunnel;

/// <summary>One stream of a server session: the socket to the origin once dialled, and its pump to the client.</summary>
internal sealed class TunneledOriginStream
{
    public TunneledOriginStream(uint id, string host, int port, Transport transport)
    {
        Id = id;
        Host = host;
        Port = port;
        Transport = transport;
    }

    public uint Id { get; }
    public string Host { get; }
    public int Port { get; }
    public Transport Transport { get; }

    /// <summary>Null while the origin is being dialled.</summary>
    public Socket? Socket { get; set; }

    /// <summary>
    /// Set when the edge may inspect the stream: the client's Data then go here, to be read by the
    /// inspection, instead of straight to <see cref="Socket"/>.
    /// </summary>
    public TunneledClientStream? InspectedClient { get; init; }

    /// <summary>The SSL-inspection policy read when the stream was opened (with <see cref="InspectedClient"/>).</summary>
    public SslInspectionPolicy? InspectionPolicy { get; init; }

    public override string ToString() => $"stream {Id} to {Host}:{Port}/{Transport.ToString().ToLowerInvariant()}";

    public void Abort()
    {
        InspectedClient?.CompleteFromClient();
        var socket = Socket;
        if (socket is null) return;
        if (Transport == Transport.Tcp && socket.Connected)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset by the origin; closing below is all that is left to do.
            }
        }
        socket.Dispose();
    }
}
