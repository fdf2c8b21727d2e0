using System.Net;
using System.Net.Sockets;
using FaultLab.Nodes.Origins;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Origins;

public sealed class MediaEchoNodeTests
{
    private static readonly TimeSpan EchoWait = TimeSpan.FromSeconds(2);

    [Test]
    public async Task Datagrams_AreEchoedVerbatimToTheirSender_AndCounted()
    {
        using var world = new TestNodeContext();
        await using var media = new MediaEchoNode();
        await media.StartAsync(world.Context, CancellationToken.None);
        var target = world.EndPointOf("media.teams.example.lab", 3478, Transport.Udp);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sizes = new[] { 1, 160, 1400 };
        var buffer = new byte[2048];
        foreach (var size in sizes)
        {
            var datagram = new byte[size];
            new Random(size).NextBytes(datagram);
            await socket.SendToAsync(datagram, SocketFlags.None, target);
            using var limit = new CancellationTokenSource(EchoWait);
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), limit.Token);

            Assert.That(buffer[..received.ReceivedBytes], Is.EqualTo(datagram), $"{size}-byte datagram");
            Assert.That(received.RemoteEndPoint, Is.EqualTo(target));
        }
        Assert.That(media.DatagramsEchoed, Is.EqualTo(sizes.Length));
        Assert.That(media.BytesEchoed, Is.EqualTo(sizes.Sum()));
    }
}
