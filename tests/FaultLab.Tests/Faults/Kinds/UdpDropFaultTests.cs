using FaultLab.Faults;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Tcp;
using FaultLab.Tests.Middleboxes.Udp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class UdpDropFaultTests
{
    [Test]
    public async Task UdpToTheDroppedPort_GetsNoEcho_WhileTcpToTheSamePortWorks()
    {
        var drop = FaultYaml.Bind("kind: udp-drop\nlink: edge\nports: [443]\n");
        if (drop is not IDatagramFault)
            Assert.Ignore("udp-drop acts on datagrams once UdpDropFault implements IDatagramFault");
        var link = TestLinks.Edge(drop);
        await using var udpNode = UdpTestNode.Echo();
        await using var tcpNode = TcpTestServer.Echo();
        await using var udpRelay = UdpRelay.Start(TestLinks.EdgeUdp, udpNode.EndPoint, link);
        await using var tcpRelay = TcpRelay.Start(TestLinks.EdgeTcp, tcpNode.EndPoint, link);
        using var udpClient = new UdpTestClient(udpRelay.ListenEndPoint);
        using var tcpClient = await TcpTestClient.ConnectAsync(tcpRelay.ListenEndPoint);

        await udpClient.SendAsync("dtls client hello"u8.ToArray());
        await tcpClient.SendAsync("tls client hello"u8.ToArray());

        Assert.That(await tcpClient.ReceiveExactlyAsync(16), Is.EqualTo("tls client hello"u8.ToArray()), "TCP/443 passes");
        Assert.That(await udpClient.TryReceiveAsync(UdpTestClient.NoReplyWindow), Is.Null, "UDP/443 vanishes");
        Assert.That(udpRelay.Dropped, Is.EqualTo(1));
        Assert.That(udpNode.Received.TryRead(out _), Is.False, "nothing reached the node");
        Assert.That(link.All[0].Counts["dropped"], Is.EqualTo(1));
    }

    [Test]
    public async Task OtherPorts_Pass()
    {
        var drop = FaultYaml.Bind("kind: udp-drop\nlink: edge\nports: [53]\n");
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(drop));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        await client.SendAsync(10);

        Assert.That((await client.ReceiveAsync()).Length, Is.EqualTo(10));
    }
}
