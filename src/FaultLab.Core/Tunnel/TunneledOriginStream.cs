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

    public override string ToString() => $"stream {Id} to {Host}:{Port}/{Transport.ToString().ToLowerInvariant()}";

    public void Abort()
    {
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
