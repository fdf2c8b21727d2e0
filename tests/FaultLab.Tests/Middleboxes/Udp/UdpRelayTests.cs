using System.Net;
using System.Net.Sockets;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes;
using FaultLab.Middleboxes.Udp;
using FaultLab.World;

namespace FaultLab.Tests.Middleboxes.Udp;

public sealed class UdpRelayTests
{
    [Test]
    public async Task Datagram_ThroughCleanLink_ComesBackFromTheNode()
    {
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge());
        using var client = new UdpTestClient(relay.ListenEndPoint);

        await client.SendAsync([1, 2, 3, 4]);

        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(relay.Relayed, Is.EqualTo(2), "one datagram each way");
        Assert.That(relay.Dropped, Is.Zero);
    }

    [Test]
    public async Task TwoClients_EachGetTheirOwnReplies_ThroughSeparateUpstreamFlows()
    {
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge());
        using var alice = new UdpTestClient(relay.ListenEndPoint);
        using var bob = new UdpTestClient(relay.ListenEndPoint);

        await alice.SendAsync("alice"u8.ToArray());
        await bob.SendAsync("bob"u8.ToArray());

        Assert.That(await alice.ReceiveAsync(), Is.EqualTo("alice"u8.ToArray()));
        Assert.That(await bob.ReceiveAsync(), Is.EqualTo("bob"u8.ToArray()));
        var first = await node.Received.ReadAsync();
        var second = await node.Received.ReadAsync();
        Assert.That(first.From, Is.Not.EqualTo(second.From), "the node sees one upstream endpoint per client");
        Assert.That(first.From.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(relay.FlowCount, Is.EqualTo(2));
    }

    [Test]
    public async Task IdleFlow_Expires_AndTheClientsNextDatagramOpensAFreshOne()
    {
        var clock = new ManualClock();
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(),
            new UdpRelayOptions { Clock = clock, FlowIdleTimeout = TimeSpan.FromSeconds(60) });
        using var client = new UdpTestClient(relay.ListenEndPoint);
        await client.SendAsync([1]);
        await client.ReceiveAsync();
        var firstFlow = (await node.Received.ReadAsync()).From;

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(relay.ExpireIdleFlows(), Is.Zero, "not idle long enough yet");
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(relay.ExpireIdleFlows(), Is.EqualTo(1));
        Assert.That(relay.FlowCount, Is.Zero);

        await client.SendAsync([2]);
        Assert.That(await client.ReceiveAsync(), Is.EqualTo(new byte[] { 2 }));
        Assert.That((await node.Received.ReadAsync()).From, Is.Not.EqualTo(firstFlow));
        Assert.That(relay.ExpiredFlows, Is.EqualTo(1));
    }

    [Test]
    public async Task DatagramFaults_AreAskedAboutEachDatagramInBothDirections()
    {
        var recorder = new RecordingDatagramFault();
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(recorder));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        await client.SendAsync(7);
        await client.ReceiveAsync();

        Assert.That(recorder.Asked, Is.EqualTo(new[] { (FlowDirection.ToNode, 7, 443), (FlowDirection.ToClient, 7, 443) }));
    }

    [Test]
    public async Task Drop_StopsTheChain_LaterFaultsAreNotAsked()
    {
        var recorder = new RecordingDatagramFault();
        var mtu = new PathMtuFault { MaxDatagramBytes = 10 };
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(mtu, recorder));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        await client.SendAsync(11);
        await client.SendAsync(10);
        await client.ReceiveAsync();

        Assert.That(recorder.Asked.Select(a => a.Length), Is.EqualTo(new[] { 10, 10 }), "the 11-byte datagram never reached the second fault");
        Assert.That(relay.Faults.All[0].Counts["dropped"], Is.EqualTo(1));
        Assert.That(relay.Faults.All[0].RecentEvents.Last().Detail, Does.Contain("11 bytes from 127.0.0.1:").And.Contain("gateway.edge.lab:443/udp"));
    }

    [Test]
    public async Task Dispose_ClosesTheListeningPort()
    {
        await using var node = UdpTestNode.Echo();
        var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge());
        var port = relay.ListenEndPoint;
        using (var client = new UdpTestClient(port))
        {
            await client.SendAsync([1]);
            await client.ReceiveAsync();
        }
        await relay.DisposeAsync();

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => again.Bind(port), "the relay's port is free again");
    }

    [Test]
    public void Start_RefusesANonLoopbackUpstreamAndATcpService()
    {
        var outside = Assert.Throws<ArgumentException>(() => UdpRelay.Start(TestLinks.EdgeUdp, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443), TestLinks.Edge()));
        Assert.That(outside!.Message, Does.Contain("loopback"));
        var bind = Assert.Throws<ArgumentException>(() => UdpRelay.Start(TestLinks.EdgeUdp, new IPEndPoint(IPAddress.Loopback, 443), TestLinks.Edge(),
            new UdpRelayOptions { BindAddress = IPAddress.IPv6Loopback }));
        Assert.That(bind!.Message, Is.EqualTo("UdpRelayOptions.BindAddress must be a loopback address in 127.0.0.0/8, got ::1"));
        var tcp = Assert.Throws<ArgumentException>(() => UdpRelay.Start(TestLinks.EdgeTcp, new IPEndPoint(IPAddress.Loopback, 443), TestLinks.Edge()));
        Assert.That(tcp!.Message, Does.Contain("gateway.edge.lab:443/tcp"));
    }
}
