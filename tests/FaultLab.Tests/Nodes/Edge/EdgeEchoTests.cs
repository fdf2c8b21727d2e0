using System.Net;
using System.Net.Sockets;
using FaultLab.Nodes.Edge;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The edge's UDP echo (RFC 862), what a path-MTU probe pings.</summary>
public sealed class EdgeEchoTests
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);
    private EdgeLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await EdgeLab.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [TestCase(EdgeNode.SharedGatewayHost, 1)]
    [TestCase(EdgeNode.SharedGatewayHost, 1472)]
    [TestCase("fra.gateway.edge.lab", 1400)]
    [TestCase("fra.gateway.edge.lab", 9000)]
    public async Task Datagram_ToTheEchoPortOfAGatewayName_ComesBackUnchanged(string host, int size)
    {
        var echo = _lab.Resolve(host, EdgeNode.EchoPort, Transport.Udp);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Connect(echo);
        var datagram = new byte[size];
        Random.Shared.NextBytes(datagram);
        using var timeout = new CancellationTokenSource(ReplyTimeout);

        await socket.SendAsync(datagram, SocketFlags.None, timeout.Token);
        var reply = new byte[65536];
        var length = await socket.ReceiveAsync(reply, SocketFlags.None, timeout.Token);

        Assert.That(reply[..length], Is.EqualTo(datagram));
    }

    [Test]
    public async Task TwoClients_EachGetOnlyTheirOwnDatagramsBack()
    {
        var echo = _lab.Resolve(EdgeNode.SharedGatewayHost, EdgeNode.EchoPort, Transport.Udp);
        using var alice = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var bob = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = new CancellationTokenSource(ReplyTimeout);

        await alice.SendAsync("alice"u8.ToArray(), echo, timeout.Token);
        await bob.SendAsync("bob"u8.ToArray(), echo, timeout.Token);

        Assert.That((await alice.ReceiveAsync(timeout.Token)).Buffer, Is.EqualTo("alice"u8.ToArray()));
        Assert.That((await bob.ReceiveAsync(timeout.Token)).Buffer, Is.EqualTo("bob"u8.ToArray()));
    }

    [Test]
    public void Endpoints_ListTheEchoForEveryGatewayName_WhereItReallyListens()
    {
        var echoes = _lab.Edge.Endpoints.Where(e => e.Name == "echo").ToArray();

        Assert.That(echoes.Select(e => e.Service), Is.EquivalentTo(new[] { "fra.gateway.edge.lab:7/udp", "gateway.edge.lab:7/udp" }));
        foreach (var endpoint in echoes)
        {
            Assert.That(endpoint.Protocol, Is.EqualTo("udp-echo"));
            var host = endpoint.Service.Split(':')[0];
            Assert.That(endpoint.Port, Is.EqualTo(_lab.Resolve(host, EdgeNode.EchoPort, Transport.Udp).Port));
        }
    }
}
