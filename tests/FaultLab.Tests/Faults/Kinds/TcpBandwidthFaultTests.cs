using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Tcp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class TcpBandwidthFaultTests
{
    [Test]
    public async Task HundredKilobytes_AtHundredKilobytesPerSecond_TakesAboutASecond_AndAllArrive()
    {
        await using var node = TcpTestServer.CollectThenAnswer();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(new TcpBandwidthFault { BytesPerSecond = 100_000 }));
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);

        var watch = Stopwatch.StartNew();
        await client.SendAsync(new byte[100_000]);
        client.Socket.Shutdown(SocketShutdown.Send);
        var (answer, _) = await client.ReceiveToEndAsync();

        Assert.That(Encoding.ASCII.GetString(answer), Is.EqualTo(TcpTestServer.AnswerFor(100_000)));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(800)), "the first slice goes at once, the rest at the limit");
    }

    [Test]
    public void Bind_ZeroRate_IsRefusedNamingTheParameter()
    {
        Assert.That(FaultYaml.ErrorOf("kind: tcp-bandwidth\nlink: edge\nbytesPerSecond: 0\n"),
            Is.EqualTo("labs/test.yaml:1:1: fault 'tcp-bandwidth': 'bytesPerSecond' must be at least 1, got 0"));
    }
}
