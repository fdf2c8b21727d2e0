using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Tcp;

namespace FaultLab.Tests.Middleboxes.Tcp;

public sealed class TcpRelayTests
{
    [Test]
    public async Task Connection_ThroughCleanLink_EchoesBothWays()
    {
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge());
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

        var echoed = client.ReceiveExactlyAsync(payload.Length);
        await client.SendAsync(payload);

        Assert.That(await echoed, Is.EqualTo(payload));
        Assert.That(relay.Accepted, Is.EqualTo(1));
        Assert.That(relay.BytesToNode, Is.EqualTo(payload.Length));
        Assert.That(relay.BytesToClient, Is.EqualTo(payload.Length));
    }

    [Test]
    public async Task ClientHalfClose_LeavesTheReturnDirectionOpen_ForTheNodesAnswer()
    {
        await using var node = TcpTestServer.CollectThenAnswer();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge());
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);

        await client.SendAsync(new byte[1234]);
        client.Socket.Shutdown(SocketShutdown.Send);
        var (answer, endedBy) = await client.ReceiveToEndAsync();

        Assert.That(Encoding.ASCII.GetString(answer), Is.EqualTo(TcpTestServer.AnswerFor(1234)), "the node answered after the client's FIN");
        Assert.That(endedBy, Is.Null, "then the node's FIN arrived, not a reset");
    }

    [Test]
    public async Task Dispose_DeliversBytesHeldByLatency_ThenPassesTheFinOn()
    {
        var heldFor = new TcpLatencyFault { LatencyMs = TcpLatencyFault.MaxMilliseconds };
        var relayRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var node = TcpTestServer.CollectThenAnswer();
        var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(heldFor),
            new TcpRelayOptions { Capture = new SignallingCapture(relayRead) });
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);

        await client.SendAsync("held for a minute"u8.ToArray());
        await relayRead.Task.WaitAsync(TcpTestClient.StepTimeout);
        await relay.DisposeAsync();

        var atNode = await node.Received.ReadAsync().AsTask().WaitAsync(TcpTestClient.StepTimeout);
        Assert.That(Encoding.ASCII.GetString(atNode), Is.EqualTo("held for a minute"), "the held bytes reached the node, followed by a FIN");
        var (_, endedBy) = await client.ReceiveToEndAsync();
        Assert.That(endedBy, Is.Null, "the client's side is closed with a FIN, not a reset");
    }

    [Test]
    public async Task EdgeGoingUnreachable_CutsOpenConnections_WhileARefusingFirewallLeavesThemAlone()
    {
        await using var node = TcpTestServer.Echo();
        var outage = new EdgeUnreachableFault();
        var firewall = new EgressFirewallFault();
        var links = TestLinks.Edge(outage, firewall);
        foreach (var s in links.All) s.Active = false;
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, links);
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);
        await client.SendAsync([1, 2, 3]);
        Assert.That(await client.ReceiveExactlyAsync(3), Is.EqualTo(new byte[] { 1, 2, 3 }));

        links.All[1].Active = true;
        await client.SendAsync([4]);
        Assert.That(await client.ReceiveExactlyAsync(1), Is.EqualTo(new byte[] { 4 }), "an established flow survives a firewall rule");

        links.All[0].Active = true;
        var (_, endedBy) = await client.ReceiveToEndAsync();

        Assert.That(endedBy, Is.EqualTo(SocketError.ConnectionReset), "the outage resets the open connection");
        Assert.That(relay.FaultResets, Is.EqualTo(1));
        Assert.That(links.All[0].RecentEvents.Select(e => e.Action), Does.Contain("reset"));
    }

    [Test]
    public async Task UnreachableNode_ResetsTheClient_AndIsCounted()
    {
        var closedPort = FreedLoopbackPort();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, closedPort, TestLinks.Edge());

        var (bytes, endedBy) = await TcpTestClient.ConnectAndReadToEndAsync(relay.ListenEndPoint);

        Assert.That(bytes, Is.Empty);
        Assert.That(endedBy, Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(relay.UpstreamFailures, Is.EqualTo(1));
    }

    [Test]
    public void Start_RefusesANonLoopbackUpstreamAndAUdpService()
    {
        var outside = Assert.Throws<ArgumentException>(() => TcpRelay.Start(TestLinks.EdgeTcp, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443), TestLinks.Edge()));
        Assert.That(outside!.Message, Does.Contain("loopback"));
        var udp = Assert.Throws<ArgumentException>(() => TcpRelay.Start(TestLinks.EdgeUdp, new IPEndPoint(IPAddress.Loopback, 443), TestLinks.Edge()));
        Assert.That(udp!.Message, Does.Contain("gateway.edge.lab:443/udp"));
    }

    private static IPEndPoint FreedLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

}
