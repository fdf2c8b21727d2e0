using System.Net.Sockets;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Tcp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class TcpBlockFaultTests
{
    [Test]
    public async Task BlockedPort_IsRefusedWithAReset_AndNothingReachesTheNode()
    {
        var link = TestLinks.Edge(new TcpBlockFault { Ports = [443] });
        await using var node = TcpTestServer.CollectThenAnswer();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, link);

        var (bytes, endedBy) = await TcpTestClient.ConnectAndReadToEndAsync(relay.ListenEndPoint);

        Assert.That(endedBy, Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(bytes, Is.Empty);
        Assert.That(relay.Refused, Is.EqualTo(1));
        Assert.That(relay.Accepted, Is.Zero, "no connection to the node was made");
        Assert.That(link.All[0].Counts["refused"], Is.EqualTo(1));
    }

    [Test]
    public async Task SwitchedOff_TheNextConnectionPasses_WithoutRestartingTheRelay()
    {
        var link = TestLinks.Edge(new TcpBlockFault { Ports = [443] });
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, link);
        Assert.That((await TcpTestClient.ConnectAndReadToEndAsync(relay.ListenEndPoint)).EndedBy, Is.EqualTo(SocketError.ConnectionReset));

        link.All[0].Active = false;
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);
        await client.SendAsync("hello"u8.ToArray());

        Assert.That(await client.ReceiveExactlyAsync(5), Is.EqualTo("hello"u8.ToArray()));
    }

    [Test]
    public async Task OtherPorts_Pass()
    {
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(new TcpBlockFault { Ports = [22] }));
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);

        await client.SendAsync("hello"u8.ToArray());

        Assert.That(await client.ReceiveExactlyAsync(5), Is.EqualTo("hello"u8.ToArray()));
    }

    [Test]
    public void Bind_WithoutPorts_IsRefusedNamingTheParameter()
    {
        Assert.That(FaultYaml.ErrorOf("kind: tcp-block\nlink: edge\nports: []\n"),
            Is.EqualTo("labs/test.yaml:1:1: fault 'tcp-block': 'ports' must name at least one port"));
        Assert.That(FaultYaml.ErrorOf("kind: tcp-block\nlink: edge\nports: [70000]\n"),
            Is.EqualTo("labs/test.yaml:1:1: fault 'tcp-block': 'ports' has 70000, outside 1-65535"));
    }
}
