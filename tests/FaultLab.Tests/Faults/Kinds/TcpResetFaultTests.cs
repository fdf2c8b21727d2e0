using System.Net.Sockets;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Tcp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class TcpResetFaultTests
{
    [Test]
    public async Task After150Bytes_TheClientGetsFiftyBytesOfItsEcho_ThenAReset()
    {
        var link = TestLinks.Edge(new TcpResetFault { Ports = [443], AfterBytes = 150 });
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, link);
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);

        await client.SendAsync(new byte[100]);
        var (bytes, endedBy) = await client.ReceiveToEndAsync();

        Assert.That(bytes, Has.Length.EqualTo(50), "100 bytes out, 50 of the echo back: 150 in all");
        Assert.That(endedBy, Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(relay.FaultResets, Is.EqualTo(1));
        Assert.That(link.All[0].Counts["reset"], Is.EqualTo(1));
    }

    [Test]
    public async Task AfterZeroBytes_TheConnectionIsResetAsSoonAsItOpens()
    {
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(new TcpResetFault { Ports = [443], AfterBytes = 0 }));

        var (bytes, endedBy) = await TcpTestClient.ConnectAndReadToEndAsync(relay.ListenEndPoint);

        Assert.That(bytes, Is.Empty);
        Assert.That(endedBy, Is.EqualTo(SocketError.ConnectionReset));
    }

    [Test]
    public async Task SwitchedOffMidConnection_TheConnectionLivesOn()
    {
        var link = TestLinks.Edge(new TcpResetFault { Ports = [443], AfterBytes = 10 });
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, link);
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);

        link.All[0].Active = false;
        await client.SendAsync(new byte[100]);

        Assert.That(await client.ReceiveExactlyAsync(100), Has.Length.EqualTo(100));
        Assert.That(relay.FaultResets, Is.Zero);
    }

    [Test]
    public void Bind_NegativeAfterBytes_IsRefusedNamingTheParameter()
    {
        Assert.That(FaultYaml.ErrorOf("kind: tcp-reset\nlink: edge\nports: [443]\nafterBytes: -1\n"),
            Is.EqualTo("labs/test.yaml:1:1: fault 'tcp-reset': 'afterBytes' must be 0 or more, got -1"));
    }
}
