using System.Net;
using System.Net.Sockets;
using FaultLab.World;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// Connects to the real service behind a lab name through the instance's directory. Only
/// loopback endpoints are dialled; a client on another loopback address keeps that address
/// upstream, so per-client state at the origin (a captive portal) still sees who it is.
/// </summary>
internal sealed class LabServiceDialer(LabDirectory directory, TimeSpan connectTimeout)
{
    public async Task<Socket> DialAsync(string host, int port, IPAddress client, CancellationToken cancellationToken)
    {
        if (!directory.TryResolve(new ServiceAddress(host, port, Transport.Tcp), out var target))
            throw new IOException($"no lab service is registered for {host}:{port}/tcp");
        if (!IPAddress.IsLoopback(target.Address))
            throw new IOException($"{host}:{port}/tcp is registered at {target}, which is not a loopback address");

        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (KeepsClientAddress(client, target)) socket.Bind(new IPEndPoint(client, 0));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(connectTimeout);
            try
            {
                await socket.ConnectAsync(target, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"connecting to {host}:{port}/tcp at {target} took longer than {connectTimeout.TotalSeconds:0.#} s");
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // The kernel picks 127.0.0.1 by itself; binding only for other loopback clients avoids
    // reserving a port per connection in the common case.
    private static bool KeepsClientAddress(IPAddress client, IPEndPoint target) =>
        target.AddressFamily == AddressFamily.InterNetwork && client.AddressFamily == AddressFamily.InterNetwork
        && IPAddress.IsLoopback(client) && !client.Equals(IPAddress.Loopback);
}
