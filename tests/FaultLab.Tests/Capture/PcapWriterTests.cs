using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Capture;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Tcp;
using FaultLab.Tests.Middleboxes.Udp;

namespace FaultLab.Tests.Capture;

public sealed class PcapWriterTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("faultlab-pcap-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private string CaptureFile => Path.Combine(_directory, "relay.pcap");

    [Test]
    public void Header_IsClassicLibpcap_WithEthernetLinkType()
    {
        var output = new MemoryStream();
        using (new PcapWriter(output, leaveOpen: true)) { }
        var bytes = output.ToArray();

        Assert.That(bytes, Has.Length.EqualTo(24));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes), Is.EqualTo(0xa1b2c3d4));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)), Is.EqualTo(2));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)), Is.EqualTo(4));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)), Is.EqualTo(1), "LINKTYPE_ETHERNET");
    }

    [Test]
    public void Frames_CarryTheClockTime_ToTheMicrosecond()
    {
        var clock = new ManualClock();
        clock.Advance(TimeSpan.FromTicks(12_345_678)); // 1.2345678 s after the clock's start
        var output = new MemoryStream();
        using (var writer = new PcapWriter(output, clock, leaveOpen: true))
            writer.RecordDatagram(FlowDirection.ToNode, new IPEndPoint(IPAddress.Loopback, 40000), new IPEndPoint(IPAddress.Loopback, 443), [1, 2, 3]);
        var record = output.ToArray().AsSpan(24);

        var expected = clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000;
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(record), Is.EqualTo(expected));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(record[4..]), Is.EqualTo(234_567));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(record[8..]), Is.EqualTo(14 + 20 + 8 + 3), "Ethernet + IPv4 + UDP + payload");
    }

    [Test]
    public async Task UdpRelay_Capture_ShowsWhatTheLaptopSent_AndWhatCameBack()
    {
        await using var node = UdpTestNode.Echo();
        var writer = PcapWriter.Create(CaptureFile);
        var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(new PathMtuFault { MaxDatagramBytes = 1400 }),
            new UdpRelayOptions { Capture = writer });
        using var client = new UdpTestClient(relay.ListenEndPoint);
        await client.SendAsync(1401);
        await client.SendAsync(100);
        await client.ReceiveAsync();
        await relay.DisposeAsync();
        await writer.DisposeAsync();

        var frames = await Tshark.FieldsAsync(CaptureFile, null, "udp.srcport", "udp.dstport", "udp.length", "data.len");

        var laptop = client.LocalEndPoint.Port.ToString();
        var nodePort = TestLinks.EdgeUdp.Port.ToString();      // captures show the service port
        Assert.That(frames, Is.EqualTo(new[]
        {
            new[] { laptop, nodePort, "1409", "1401" },  // sent, then lost on the path: the laptop still saw it leave
            new[] { laptop, nodePort, "108", "100" },
            new[] { nodePort, laptop, "108", "100" },
        }));
    }

    [Test]
    public async Task TcpRelay_Capture_FollowsAsOneStream_WithHandshakeAndFin()
    {
        await using var node = TcpTestServer.CollectThenAnswer();
        var writer = PcapWriter.Create(CaptureFile);
        var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(), new TcpRelayOptions { Capture = writer });
        var request = "GET / HTTP/1.1\r\nHost: gateway.edge.lab\r\n\r\n" + new string('x', 5000);
        using (var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint))
        {
            await client.SendAsync(Encoding.ASCII.GetBytes(request));
            client.Socket.Shutdown(SocketShutdown.Send);
            await client.ReceiveToEndAsync();
        }
        await relay.DisposeAsync();
        await writer.DisposeAsync();

        var follow = await Tshark.RunAsync("-r", CaptureFile, "-q", "-z", "follow,tcp,ascii,0");
        Assert.That(follow, Does.Contain("GET / HTTP/1.1"));
        Assert.That(follow, Does.Contain(TcpTestServer.AnswerFor(request.Length)));

        var conversations = await Tshark.RunAsync("-r", CaptureFile, "-q", "-z", "conv,tcp");
        Assert.That(conversations, Does.Contain($"127.0.0.1:{TestLinks.EdgeTcp.Port}"));

        var flags = await Tshark.FieldsAsync(CaptureFile, null, "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.fin", "tcp.len");
        Assert.That(flags.Take(3).Select(f => f[0] + f[1]), Is.EqualTo(new[] { "10", "11", "01" }), "SYN, SYN-ACK, ACK");
        Assert.That(flags.Count(f => f[2] == "1"), Is.EqualTo(2), "a FIN each way");
        Assert.That(flags.Select(f => int.Parse(f[3])).Max(), Is.EqualTo(PcapWriter.MaxSegmentBytes));

        var complaints = await Tshark.FieldsAsync(CaptureFile, "tcp.analysis.flags", "frame.number", "_ws.expert.message");
        Assert.That(complaints, Is.Empty, "no lost, duplicate or out-of-order segments in the synthesised stream");
    }

    [Test]
    public async Task RefusedConnection_ShowsASynAnsweredByAReset()
    {
        await using var node = TcpTestServer.Echo();
        var writer = PcapWriter.Create(CaptureFile);
        var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(new TcpBlockFault { Ports = [443] }), new TcpRelayOptions { Capture = writer });
        await TcpTestClient.ConnectAndReadToEndAsync(relay.ListenEndPoint);
        await relay.DisposeAsync();
        await writer.DisposeAsync();

        var frames = await Tshark.FieldsAsync(CaptureFile, null, "tcp.dstport", "tcp.flags.syn", "tcp.flags.reset");

        Assert.That(frames, Is.EqualTo(new[]
        {
            new[] { TestLinks.EdgeTcp.Port.ToString(), "1", "0" },
            new[] { frames[1][0], "0", "1" },
        }));
    }

    [Test]
    public async Task Checksums_AreValid_ForEveryFrame()
    {
        await using var node = TcpTestServer.Echo();
        var writer = PcapWriter.Create(CaptureFile);
        writer.RecordDatagram(FlowDirection.ToNode, new IPEndPoint(IPAddress.Loopback, 40000), new IPEndPoint(IPAddress.Loopback, 443), Encoding.ASCII.GetBytes("odd length"));
        var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(), new TcpRelayOptions { Capture = writer });
        using (var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint))
        {
            await client.SendAsync(new byte[3001]);
            await client.ReceiveExactlyAsync(3001);
        }
        await relay.DisposeAsync();
        await writer.DisposeAsync();

        var checkedFrames = await Tshark.RunAsync("-r", CaptureFile,
            "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-T", "fields", "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-e", "tcp.checksum.status");

        var statuses = checkedFrames.Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(l => l.Split('\t')).Where(s => s.Length > 0).ToArray();
        Assert.That(statuses, Is.Not.Empty);
        Assert.That(statuses, Is.All.EqualTo("1"), "1 is 'Good' in tshark's checksum status");
    }
}
