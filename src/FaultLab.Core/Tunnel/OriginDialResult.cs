using System.Net.Sockets;

namespace FaultLab.Tunnel;

/// <summary>A connected socket to an origin, or why none could be had (the reason goes into OpenFailed).</summary>
public readonly record struct OriginDialResult(Socket? Socket, string? FailureReason)
{
    public static OriginDialResult Connected(Socket socket) => new(socket, null);

    public static OriginDialResult Failed(string reason) => new(null, reason);
}
