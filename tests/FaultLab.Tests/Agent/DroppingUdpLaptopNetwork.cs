using System.Collections.Concurrent;
using System.Net;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Udp;
using FaultLab.Tests.Faults.Kinds;
using FaultLab.World;

namespace FaultLab.Tests.Agent;

/// <summary>
/// A laptop network whose UDP/443 goes through real UDP relays with one udp-drop fault the test
/// switches on and off (a path that starts and stops blackholing DTLS); everything else is direct.
/// </summary>
internal sealed class DroppingUdpLaptopNetwork : ILaptopNetwork, IAsyncDisposable
{
    private readonly ILaptopNetwork _inner;
    private readonly LinkFaults _link;
    private readonly ConcurrentDictionary<ServiceAddress, UdpRelay> _relays = new();

    public DroppingUdpLaptopNetwork(ILaptopNetwork inner)
    {
        _inner = inner;
        _link = new LinkFaults("edge", [new FaultSwitch(FaultYaml.Bind<UdpDropFault>("kind: udp-drop\nlink: edge\nports: [443]\n")) { Active = false }]);
    }

    /// <summary>The drop fault's switch (off at first).</summary>
    public FaultSwitch Drop => _link.All[0];

    public IPAddress LaptopAddress => _inner.LaptopAddress;

    public NetworkProfile Network => _inner.Network;

    public IPEndPoint? Route(ServiceAddress service)
    {
        if (_inner.Route(service) is not { } direct || service is not { Transport: Transport.Udp, Port: 443 }) return _inner.Route(service);
        return _relays.GetOrAdd(service, s => UdpRelay.Start(s, direct, _link)).ListenEndPoint;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays.Values) await relay.DisposeAsync();
    }
}
