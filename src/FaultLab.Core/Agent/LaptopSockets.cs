using System.Net;
using System.Net.Sockets;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>Direct sockets of the laptop: bound to its address, sent where the laptop network routes each service.</summary>
public sealed class LaptopSockets(ILaptopNetwork network, Func<PcapRecorder?> capture)
{
    public ILaptopNetwork Network => network;

    /// <summary>Where <paramref name="service"/> is reached, or a "no route to host" error naming it.</summary>
    public IPEndPoint RouteOrThrow(ServiceAddress service) =>
        network.Route(service) ?? throw new SocketException((int)SocketError.HostUnreachable, $"no route to host {service}");

    /// <summary>A TCP connection to a lab service, straight through the laptop's link.</summary>
    public async ValueTask<Stream> ConnectTcpAsync(string host, int port, CancellationToken cancellationToken)
    {
        var remote = RouteOrThrow(new ServiceAddress(host, port, Transport.Tcp));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(network.LaptopAddress, 0));
            await socket.ConnectAsync(remote, cancellationToken);
        }
        catch (Exception)
        {
            socket.Dispose();
            throw;
        }
        // The capture shows the service's own port, as the laptop's interface would.
        return new CapturingStream(new NetworkStream(socket, ownsSocket: true), (IPEndPoint)socket.LocalEndPoint!, new IPEndPoint(remote.Address, port), capture);
    }

    /// <summary>A UDP socket bound to the laptop address and connected to <paramref name="remote"/>.</summary>
    public Socket ConnectUdp(IPEndPoint remote)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(network.LaptopAddress, 0));
        socket.Connect(remote);
        return socket;
    }
}
