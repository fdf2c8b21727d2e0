using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Tunnel;

/// <summary>The frame codec: every frame survives a round trip; malformed bytes give a reason, never an exception.</summary>
public sealed class TunnelFrameCodecTests
{
    private static IEnumerable<TunnelFrame> EveryFrame()
    {
        yield return new HelloFrame("token-äöü", 2);
        yield return new HelloOkFrame("edge-fra", "Frankfurt", "faultlab.net");
        yield return new HelloRefusedFrame("unknown device token");
        yield return new OpenFrame(7, Transport.Udp, "media.example.lab", 3478);
        yield return new OpenedFrame(7);
        yield return new OpenFailedFrame(7, "no such host");
        yield return new CloseFrame(7);
        yield return new PingFrame(ulong.MaxValue);
        yield return new PongFrame(42);
        yield return new ProtocolErrorFrame("malformed frame refused: empty frame");
    }

    [TestCaseSource(nameof(EveryFrame))]
    public void Encode_ThenDecode_GivesTheSameFrame(TunnelFrame frame)
    {
        var decoded = TunnelFrameCodec.Decode(TunnelFrameCodec.Encode(frame));

        Assert.That(decoded.Error, Is.Null);
        Assert.That(decoded.Frame, Is.EqualTo(frame));
    }

    [Test]
    public void DataFrame_RoundTrip_KeepsThePayloadBytes()
    {
        var payload = new byte[] { 0, 1, 2, 255 };

        var decoded = TunnelFrameCodec.Decode(TunnelFrameCodec.EncodeData(3, payload)).Frame as DataFrame;

        Assert.That(decoded!.StreamId, Is.EqualTo(3u));
        Assert.That(decoded.Payload.ToArray(), Is.EqualTo(payload));
    }

    [Test]
    public void DataFrame_WithEmptyPayload_IsValid()
    {
        var decoded = TunnelFrameCodec.Decode(TunnelFrameCodec.EncodeData(3, []));

        Assert.That(decoded.Frame, Is.InstanceOf<DataFrame>());
    }

    [TestCase(new byte[0], "empty frame")]
    [TestCase(new byte[] { 0x7F }, "unknown frame type 0x7F")]
    [TestCase(new byte[] { 4, 0, 0 }, "Open frame: truncated at stream id")]
    [TestCase(new byte[] { 5, 0, 0, 0, 0 }, "Opened frame: stream id 0 is reserved")]
    [TestCase(new byte[] { 8, 0, 0, 0, 1, 9 }, "Close frame: 1 unexpected trailing bytes at offset 5")]
    [TestCase(new byte[] { 1, 0, 0, 0 }, "Hello frame: tunnel version 0 does not exist")]
    [TestCase(new byte[] { 1, 1, 0, 5, (byte)'a' }, "Hello frame: truncated at device token")]
    [TestCase(new byte[] { 3, 0, 2, 0xC3, 0x28 }, "HelloRefused frame: reason at offset 3 is not valid UTF-8")]
    [TestCase(new byte[] { 4, 0, 0, 0, 1, 2, 0, 1, (byte)'h', 0, 80 }, "Open frame: transport 2 is neither 0 (tcp) nor 1 (udp)")]
    [TestCase(new byte[] { 4, 0, 0, 0, 1, 0, 0, 1, (byte)'h', 0, 0 }, "Open frame: port 0 cannot be opened")]
    [TestCase(new byte[] { 4, 0, 0, 0, 1, 0, 0, 0, 0, 80 }, "Open frame: host is empty")]
    [TestCase(new byte[] { 4, 0, 0, 0, 1, 0, 0, 3, (byte)'a', (byte)' ', (byte)'b', 0, 80 }, "Open frame: host 'a b' is not a host name")]
    [TestCase(new byte[] { 9, 0, 0, 0 }, "Ping frame: truncated at nonce")]
    public void Decode_Malformed_GivesTheReason(byte[] bytes, string reason)
    {
        var decoded = TunnelFrameCodec.Decode(bytes);

        Assert.That(decoded.Frame, Is.Null);
        Assert.That(decoded.Error, Does.StartWith(reason));
    }

    [Test]
    public void Decode_HostLongerThanDnsAllows_IsRefused()
    {
        var frame = new List<byte> { 4, 0, 0, 0, 1, 0, 1, 0 };      // host length 256
        frame.AddRange(Enumerable.Repeat((byte)'a', 256));
        frame.AddRange(new byte[] { 0, 80 });

        var decoded = TunnelFrameCodec.Decode(frame.ToArray());

        Assert.That(decoded.Error, Does.Contain("host is 256 bytes").And.Contain("more than the 253 allowed"));
    }

    [Test]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(20240611);
        var refused = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (bytes.Length > 0) bytes[0] = (byte)random.Next(0, 13);

            var decoded = TunnelFrameCodec.Decode(bytes);

            Assert.That(decoded.Frame is null, Is.EqualTo(decoded.Error is not null));
            if (decoded.Frame is null) refused++;
        }
        Assert.That(refused, Is.GreaterThan(0));
    }

    [Test]
    public void Encode_TokenLongerThanAFrameCarries_Throws()
    {
        Assert.Throws<ArgumentException>(() => TunnelFrameCodec.Encode(new HelloFrame(new string('t', 600), 1)));
    }
}
