using System.Buffers.Binary;
using System.Text;
using FaultLab.Tunnel;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>Reading the server name from a real TLS client's first bytes, whole, cut short and split over records.</summary>
public sealed class ClientHelloPeekTests
{
    private static readonly TimeSpan CaptureTimeout = TimeSpan.FromSeconds(5);

    [Test]
    public async Task WholeHello_GivesTheServerName()
    {
        var hello = await ClientHelloCapture.FirstFlightAsync("WWW.Example.lab", new CancellationTokenSource(CaptureTimeout).Token);

        var status = ClientHelloPeek.TryRead(hello, out var serverName);

        Assert.That(status, Is.EqualTo(ClientHelloPeekStatus.Complete));
        Assert.That(serverName, Is.EqualTo("www.example.lab"));
    }

    [Test]
    public async Task EveryShorterPrefix_IsIncomplete()
    {
        var hello = await ClientHelloCapture.FirstFlightAsync("www.example.lab", new CancellationTokenSource(CaptureTimeout).Token);

        var statuses = Enumerable.Range(0, hello.Length).Select(n => ClientHelloPeek.TryRead(hello.AsSpan(0, n), out _)).Distinct().ToArray();

        Assert.That(statuses, Is.EqualTo(new[] { ClientHelloPeekStatus.Incomplete }));
    }

    [Test]
    public async Task HelloSplitOverTwoRecords_IsReassembled()
    {
        var hello = await ClientHelloCapture.FirstFlightAsync("www.example.lab", new CancellationTokenSource(CaptureTimeout).Token);
        var handshake = hello.AsSpan(5, BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(3))).ToArray();
        var cut = handshake.Length / 3;
        var split = Record(hello, handshake.AsSpan(0, cut)).Concat(Record(hello, handshake.AsSpan(cut))).ToArray();

        var status = ClientHelloPeek.TryRead(split, out var serverName);

        Assert.That(status, Is.EqualTo(ClientHelloPeekStatus.Complete));
        Assert.That(serverName, Is.EqualTo("www.example.lab"));
    }

    [Test]
    public async Task HelloWithoutServerName_IsCompleteWithNoName()
    {
        // A client connecting to an address sends no SNI.
        var hello = await ClientHelloCapture.FirstFlightAsync("127.0.0.1", new CancellationTokenSource(CaptureTimeout).Token);

        var status = ClientHelloPeek.TryRead(hello, out var serverName);

        Assert.That(status, Is.EqualTo(ClientHelloPeekStatus.Complete));
        Assert.That(serverName, Is.Null);
    }

    [TestCase("GET / HTTP/1.1\r\n")]
    [TestCase("SSH-2.0-OpenSSH_9.6\r\n")]
    public void OtherProtocols_AreNotTls(string firstLine)
    {
        Assert.That(ClientHelloPeek.TryRead(Encoding.ASCII.GetBytes(firstLine), out _), Is.EqualTo(ClientHelloPeekStatus.NotTls));
    }

    private static byte[] Record(byte[] original, ReadOnlySpan<byte> payload)
    {
        var record = new byte[5 + payload.Length];
        original.AsSpan(0, 3).CopyTo(record);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), (ushort)payload.Length);
        payload.CopyTo(record.AsSpan(5));
        return record;
    }
}
