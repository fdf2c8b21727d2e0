using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using FaultLab.Middleboxes.Http;

namespace FaultLab.Tests.Middleboxes.Http;

public sealed class TlsClientHelloParserTests
{
    private byte[] _realHello = null!;

    [OneTimeSetUp]
    public async Task CaptureRealHello() => _realHello = await CaptureClientHelloAsync("idp.lab");

    [Test]
    public void RealClientHello_FromSslStream_YieldsItsServerName()
    {
        var status = TlsClientHelloParser.TryRead(_realHello, out var sni, out var problem);

        Assert.That(status, Is.EqualTo(ClientHelloStatus.Complete), problem);
        Assert.That(sni, Is.EqualTo("idp.lab"));
    }

    [Test]
    public void EveryTruncationOfARealHello_IsIncomplete()
    {
        for (var length = 0; length < _realHello.Length; length++)
            Assert.That(TlsClientHelloParser.TryRead(_realHello.AsSpan(0, length), out _, out _), Is.EqualTo(ClientHelloStatus.Incomplete), $"prefix of {length} bytes");
    }

    [Test]
    public void HelloSplitAcrossRecords_IsReassembled()
    {
        var handshake = _realHello.AsSpan(5).ToArray();
        var split = Record(handshake[..7]).Concat(Record(handshake[7..40])).Concat(Record(handshake[40..])).ToArray();

        Assert.That(TlsClientHelloParser.TryRead(split, out var sni, out var problem), Is.EqualTo(ClientHelloStatus.Complete), problem);
        Assert.That(sni, Is.EqualTo("idp.lab"));
    }

    [Test]
    public void HelloWithoutServerName_IsCompleteWithNoName()
    {
        Assert.That(TlsClientHelloParser.TryRead(Hello((10, [0, 2, 0, 29])), out var sni, out _), Is.EqualTo(ClientHelloStatus.Complete));
        Assert.That(sni, Is.Null);
        Assert.That(TlsClientHelloParser.TryRead(Hello(), out sni, out _), Is.EqualTo(ClientHelloStatus.Complete));
        Assert.That(sni, Is.Null);
    }

    [Test]
    public void HandBuiltHello_NameIsLowerCased()
    {
        Assert.That(TlsClientHelloParser.TryRead(Hello((0, Sni("IdP.Lab"))), out var sni, out _), Is.EqualTo(ClientHelloStatus.Complete));
        Assert.That(sni, Is.EqualTo("idp.lab"));
    }

    [TestCase("two host names", "malformed")]
    [TestCase("two server_name extensions", "malformed")]
    [TestCase("control byte in name", "malformed")]
    [TestCase("name ends with dot", "malformed")]
    [TestCase("extension overruns block", "malformed")]
    [TestCase("list shorter than extension", "malformed")]
    [TestCase("alert record", "malformed")]
    [TestCase("server hello", "malformed")]
    [TestCase("record too long", "malformed")]
    [TestCase("trailing bytes in hello", "malformed")]
    public void BrokenHello_IsMalformedWithAReason(string breakage, string _)
    {
        var hello = breakage switch
        {
            "two host names" => Hello((0, Sni("a.lab", "b.lab"))),
            "two server_name extensions" => Hello((0, Sni("a.lab")), (0, Sni("b.lab"))),
            "control byte in name" => Hello((0, Sni("a\u0001.lab"))),
            "name ends with dot" => Hello((0, Sni("a.lab."))),
            "extension overruns block" => Patch(Hello((0, Sni("a.lab"))), fromEnd: Sni("a.lab").Length + 2, value: 0xFF),
            "list shorter than extension" => Hello((0, [.. Sni("a.lab"), 0])),
            "alert record" => Patch(Hello(), at: 0, value: 21),
            "server hello" => Patch(Hello(), at: 5, value: 2),
            "record too long" => [0x16, 3, 1, 0xFF, 0xFF],
            "trailing bytes in hello" => TrailingByte(Hello((0, Sni("a.lab")))),
            _ => throw new ArgumentException(breakage),
        };

        var status = TlsClientHelloParser.TryRead(hello, out var sni, out var problem);

        Assert.That(status, Is.EqualTo(ClientHelloStatus.Malformed), $"{breakage}: got {status} {sni}");
        Assert.That(problem, Is.Not.Empty);
    }

    [Test]
    public void RandomMutationsOfARealHello_NeverThrowAndNeverInventANameWithBadBytes()
    {
        var random = new Random(7);
        for (var round = 0; round < 20_000; round++)
        {
            var mutated = (byte[])_realHello.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            var cut = random.Next(2) == 0 ? mutated.Length : random.Next(mutated.Length);

            var status = TlsClientHelloParser.TryRead(mutated.AsSpan(0, cut), out var sni, out _);

            if (status == ClientHelloStatus.Complete && sni is not null)
                Assert.That(sni, Does.Match("^[a-z0-9_.-]+$"));
        }
    }

    private static byte[] Sni(params string[] names)
    {
        var entries = names.SelectMany(n => new byte[] { 0 }.Concat(Be16(n.Length)).Concat(Encoding.Latin1.GetBytes(n))).ToArray();
        return [.. Be16(entries.Length), .. entries];
    }

    private static byte[] Hello(params (ushort Type, byte[] Data)[] extensions)
    {
        var body = new List<byte> { 3, 3 };
        body.AddRange(new byte[32]);
        body.AddRange([0, 0, 2, 0x13, 0x01, 1, 0]);
        if (extensions.Length > 0)
        {
            var block = extensions.SelectMany(e => Be16(e.Type).Concat(Be16(e.Data.Length)).Concat(e.Data)).ToArray();
            body.AddRange(Be16(block.Length));
            body.AddRange(block);
        }
        byte[] handshake = [1, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count, .. body];
        return Record(handshake);
    }

    private static byte[] Record(byte[] payload) => [0x16, 3, 1, .. Be16(payload.Length), .. payload];

    private static byte[] Be16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    private static byte[] Patch(byte[] hello, int? at = null, int? fromEnd = null, byte value = 0)
    {
        hello[at ?? hello.Length - fromEnd!.Value] = value;
        return hello;
    }

    /// <summary>The same hello with one byte more inside its handshake message (lengths adjusted), after the extensions.</summary>
    private static byte[] TrailingByte(byte[] hello)
    {
        var handshake = hello[5..].ToList();
        handshake.Add(0);
        var length = handshake.Count - 4;
        handshake[1] = (byte)(length >> 16);
        handshake[2] = (byte)(length >> 8);
        handshake[3] = (byte)length;
        return Record([.. handshake]);
    }

    /// <summary>Lets .NET's own TLS client start a handshake and keeps the first flight it sends.</summary>
    private static async Task<byte[]> CaptureClientHelloAsync(string host)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        var tls = new SslStream(new NetworkStream(client, ownsSocket: false));
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host });
        using var server = await listener.AcceptAsync();

        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (TlsClientHelloParser.TryRead(received.ToArray(), out _, out _) == ClientHelloStatus.Incomplete)
        {
            var n = await server.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0) break;
            received.AddRange(buffer.AsSpan(0, n));
        }
        server.Close(0);
        Assert.That(async () => await handshake, Throws.Exception, "the captured handshake cannot complete");
        await tls.DisposeAsync();
        return [.. received];
    }
}
