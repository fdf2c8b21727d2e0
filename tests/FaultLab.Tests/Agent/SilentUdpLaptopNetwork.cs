using System.Net;
using System.Net.Sockets;
using FaultLab.World;

namespace FaultLab.Tests.Agent;

/// <summary>A laptop network where UDP goes nowhere: every /udp route leads to a bound socket nobody reads (the edge's UDP is blocked).</summary>
internal sealed class SilentUdpLaptopNetwork : ILaptopNetwork, IDisposable
{
    private readonly ILaptopNetwork _inner;
    private readonly Socket _silent = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public SilentUdpLaptopNetwork(ILaptopNetwork inner)
    {
        _inner = inner;
        _silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public IPAddress LaptopAddress => _inner.LaptopAddress;

    public NetworkProfile Network => _inner.Network;

    public IPEndPoint? Route(ServiceAddress service) =>
        service.Transport == Transport.Udp ? (IPEndPoint)_silent.LocalEndPoint! : _inner.Route(service);

    public void Dispose() => _silent.Dispose();
}
