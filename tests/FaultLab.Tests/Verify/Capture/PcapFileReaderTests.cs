using System.Net;
using FaultLab.Tests.Support;
using FaultLab.Verify.Capture;
using FaultLab.World;

namespace FaultLab.Tests.Verify.Capture;

public sealed class PcapFileReaderTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 9, 30, 15, 250, TimeSpan.Zero);

    private static Task<IReadOnlyList<CapturedPacket>> Read(byte[] file) =>
        PcapFileReader.ReadAsync(new MemoryStream(file), "capture.pcap", CancellationToken.None);

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public async Task EitherByteOrderAndResolution_GivesTimesAndFlows(bool bigEndian, bool nanoseconds)
    {
        var file = TestPcap.File(
        [
            (At, TestPcap.Udp("127.0.0.1", 50000, "127.0.0.9", 443)),
            (At.AddSeconds(1), TestPcap.Tcp("127.0.0.1", 50001, "127.0.0.9", 443)),
        ], bigEndian, nanoseconds);

        var packets = await Read(file);

        Assert.That(packets, Has.Count.EqualTo(2));
        Assert.That(packets[0].Timestamp, Is.EqualTo(At));
        Assert.That(packets[1].Timestamp, Is.EqualTo(At.AddSeconds(1)));
        Assert.That(PacketFlow.From(packets[0]), Is.EqualTo(new PacketFlow(Transport.Udp, IPAddress.Parse("127.0.0.1"), 50000, IPAddress.Parse("127.0.0.9"), 443)));
        Assert.That(PacketFlow.From(packets[1])!.Transport, Is.EqualTo(Transport.Tcp));
    }

    [Test]
    public void PcapNg_IsRefusedSayingSo()
    {
        var file = new byte[32];
        BitConverter.GetBytes(0x0a0d0d0a).CopyTo(file, 0);
        var error = Assert.ThrowsAsync<PcapFormatException>(() => Read(file));
        Assert.That(error!.Message, Is.EqualTo("capture.pcap: is pcapng, not classic pcap"));
    }

    [Test]
    public void RecordCutShort_IsRefusedNamingTheRecord()
    {
        var file = TestPcap.File([(At, TestPcap.Udp("127.0.0.1", 1, "127.0.0.2", 2))]);
        var error = Assert.ThrowsAsync<PcapFormatException>(() => Read(file[..^5]));
        Assert.That(error!.Message, Is.EqualTo("capture.pcap: record 1 is cut short"));
    }

    [Test]
    public async Task TheTestCaptures_AreWhatARealReaderSees()
    {
        var tshark = ExternalTool.Require("tshark");
        var path = Path.Combine(Path.GetTempPath(), $"faultlab-{Guid.NewGuid():N}.pcap");
        try
        {
            await File.WriteAllBytesAsync(path, TestPcap.File([(At, TestPcap.Udp("127.0.0.1", 50000, "127.0.0.9", 443))]));
            var (exit, output, error) = await ExternalTool.RunAsync(tshark, ["-r", path, "-T", "fields", "-e", "ip.dst", "-e", "udp.dstport", "-e", "frame.time_epoch"]);
            Assert.That(exit, Is.Zero, error);
            var fields = output.Trim().Split('\t');
            Assert.That(fields[0], Is.EqualTo("127.0.0.9"));
            Assert.That(fields[1], Is.EqualTo("443"));
            Assert.That(double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(At.ToUnixTimeMilliseconds() / 1000.0).Within(0.001));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
