using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Nodes.Edge;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The tunnel as the agent uses it: real DTLS and TLS to a running edge, streams to real origins.</summary>
public sealed class EdgeTunnelTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);
    private EdgeLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await EdgeLab.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task Hello_WithEnrolledDevice_AnswersWithTheEdgeCity(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAsync(kind, timeout.Token);

        var hello = await tunnel.HelloAsync(_lab.Enroll($"hello-{kind}"), 2, timeout.Token);

        Assert.That(hello.Accepted, Is.True, hello.RefusedReason);
        Assert.That(hello.Edge!.City, Is.EqualTo("Frankfurt"));
        Assert.That(hello.Edge.EdgeName, Is.EqualTo("edge-fra"));
        Assert.That(tunnel.Kind, Is.EqualTo(kind));
    }

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task TcpStream_ToEchoOriginByName_GetsItsBytesBack(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(kind, $"tcp-{kind}", 2, timeout.Token);
        // Larger than one DTLS record, so the stream has to be cut into several Data frames.
        var sent = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

        await using var stream = await tunnel.OpenStreamAsync(EdgeLab.EchoHost, 443, Transport.Tcp, timeout.Token);
        await stream.WriteAsync(sent, timeout.Token);
        var received = new byte[sent.Length];
        await stream.ReadExactlyAsync(received, timeout.Token);

        Assert.That(received, Is.EqualTo(sent));
    }

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task UdpStream_ToEchoOrigin_EchoesEachDatagram(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(kind, $"udp-{kind}", 2, timeout.Token);

        await using var stream = await tunnel.OpenStreamAsync(EdgeLab.MediaHost, 443, Transport.Udp, timeout.Token);
        var replies = new List<string>();
        foreach (var text in new[] { "frame-1", "frame-2", "frame-3" })
        {
            await stream.SendDatagramAsync(Encoding.ASCII.GetBytes(text), timeout.Token);
            replies.Add(Encoding.ASCII.GetString((await stream.ReceiveDatagramAsync(timeout.Token))!));
        }

        Assert.That(replies, Is.EqualTo(new[] { "frame-1", "frame-2", "frame-3" }));
    }

    [Test]
    public async Task Origin_SeesTrafficFromTheEdgesEgressAddress()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Dtls, "egress", 2, timeout.Token);
        var before = _lab.UdpEcho.Sources.Count;

        await using var stream = await tunnel.OpenStreamAsync(EdgeLab.MediaHost, 443, Transport.Udp, timeout.Token);
        await stream.SendDatagramAsync(new byte[] { 1 }, timeout.Token);
        await stream.ReceiveDatagramAsync(timeout.Token);

        Assert.That(_lab.UdpEcho.Sources.Skip(before).ToArray(), Is.EqualTo(new[] { EdgeLab.FraEgress }));
    }

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task TunnelV1_OpenToPort22_IsRefusedAsWebPortsOnly(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(kind, $"v1-{kind}", 1, timeout.Token);

        var refused = Assert.ThrowsAsync<TunnelOpenException>(() => tunnel.OpenStreamAsync(EdgeLab.SshHost, 22, Transport.Tcp, timeout.Token));

        Assert.That(refused!.Reason, Is.EqualTo("tunnel v1 carries web ports only"));
        await using var web = await tunnel.OpenStreamAsync(EdgeLab.EchoHost, 443, Transport.Tcp, timeout.Token);
        Assert.That(web.StreamId, Is.Not.Zero, "v1 still carries port 443");
    }

    [Test]
    public async Task TunnelV2_OpenToPort22_ReachesTheSshOrigin()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Dtls, "v2-ssh", 2, timeout.Token);

        await using var stream = await tunnel.OpenStreamAsync(EdgeLab.SshHost, 22, Transport.Tcp, timeout.Token);
        await stream.WriteAsync("SSH-2.0-probe\r\n"u8.ToArray(), timeout.Token);
        var banner = new byte[15];
        await stream.ReadExactlyAsync(banner, timeout.Token);

        Assert.That(Encoding.ASCII.GetString(banner), Is.EqualTo("SSH-2.0-probe\r\n"));
    }

    [Test]
    public async Task Open_UnknownHost_FailsWithNoSuchHost()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Tls, "nxdomain", 2, timeout.Token);

        var failed = Assert.ThrowsAsync<TunnelOpenException>(() => tunnel.OpenStreamAsync("nowhere.example.lab", 443, Transport.Tcp, timeout.Token));

        Assert.That(failed!.Reason, Is.EqualTo("no such host"));
    }

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task MalformedFrame_IsRefusedWithAReason_AndCounted(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(kind, $"malformed-{kind}", 2, timeout.Token);
        var refusedBefore = _lab.Edge.TunnelCounters.FramesRefused;

        // An Open frame cut off in the middle of its stream id.
        await tunnel.SendRawFrameAsync([(byte)TunnelFrameType.Open, 0, 0], timeout.Token);
        var reason = await tunnel.NextEdgeProtocolErrorAsync(timeout.Token);

        Assert.That(reason, Does.Contain("malformed").And.Contain("truncated at stream id"));
        Assert.That(_lab.Edge.TunnelCounters.FramesRefused, Is.EqualTo(refusedBefore + 1));
        Assert.That(await tunnel.PingAsync(timeout.Token), Is.GreaterThan(TimeSpan.Zero), "the session survives a malformed frame");
    }

    [Test]
    public async Task OpenBeforeHello_IsRefusedWithAReason()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAsync(TunnelTransportKind.Dtls, timeout.Token);

        await tunnel.SendRawFrameAsync(TunnelFrameCodec.Encode(new OpenFrame(9, Transport.Tcp, EdgeLab.EchoHost, 443)), timeout.Token);

        Assert.That(await tunnel.NextEdgeProtocolErrorAsync(timeout.Token), Does.Contain("Hello must come first"));
    }

    [Test]
    public async Task Hello_WithTokenRevokedByAClone_IsRefusedWithTheReason()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var firstToken = _lab.Enroll("cloned-device", "LAPTOP-A");
        _lab.Enroll("cloned-device", "LAPTOP-B");
        await using var tunnel = await _lab.ConnectAsync(TunnelTransportKind.Dtls, timeout.Token);

        var hello = await tunnel.HelloAsync(firstToken, 2, timeout.Token);

        Assert.That(hello.Accepted, Is.False);
        Assert.That(hello.RefusedReason, Does.Contain("revoked").And.Contain("LAPTOP-B"));
    }

    [Test]
    public async Task Hello_WithUnsupportedVersion_IsRefused()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAsync(TunnelTransportKind.Tls, timeout.Token);

        var hello = await tunnel.HelloAsync(_lab.Enroll("v3"), 3, timeout.Token);

        Assert.That(hello.RefusedReason, Does.Contain("tunnel version 3 is not supported"));
    }

    [Test]
    public async Task Dtls_ToASilentUdpPort_FailsAfterTheConfiguredHandshakeTimeout()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        // Bound but never read: like a firewall that drops UDP 443 without a word.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var watch = Stopwatch.StartNew();

        var failure = Assert.ThrowsAsync<TunnelConnectException>(() =>
            TunnelClient.ConnectDtlsAsync((IPEndPoint)silent.LocalEndPoint!, _lab.DtlsOptions(TimeSpan.FromSeconds(1)), timeout.Token));

        watch.Stop();
        Assert.That(failure!.Failure, Is.EqualTo(TunnelConnectFailure.HandshakeTimeout));
        Assert.That(failure.Message, Does.Contain("timed out after 1 s"));
        Assert.That(watch.Elapsed, Is.InRange(TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(4)));
    }

    [Test]
    public async Task Dtls_TrustingAnotherRoot_RejectsTheEdgeCertificate()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var options = _lab.DtlsOptions() with { TrustRoot = _lab.Pki.AcmeProxy.Certificate };

        var failure = Assert.ThrowsAsync<TunnelConnectException>(() => TunnelClient.ConnectDtlsAsync(DtlsEndPoint(), options, timeout.Token));

        Assert.That(failure!.Failure, Is.EqualTo(TunnelConnectFailure.CertificateRejected));
        Assert.That(failure.Message, Does.Contain("does not chain to the trusted root"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Tls_TrustingAnotherRoot_RejectsTheEdgeCertificate()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var options = _lab.TlsOptions() with { TrustRoot = _lab.Pki.AcmeProxy.Certificate };

        var failure = Assert.ThrowsAsync<TunnelConnectException>(() => TunnelClient.ConnectTlsAsync(TlsEndPoint(), options, timeout.Token));

        Assert.That(failure!.Failure, Is.EqualTo(TunnelConnectFailure.CertificateRejected));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Ping_WithAddedRtt_MeasuresAtLeastTheAddedDelay()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Dtls, "far-edge", 2, timeout.Token);
        var near = await tunnel.PingAsync(timeout.Token);

        _lab.Edge.AddedRttMs = 250;
        TimeSpan far;
        try
        {
            far = await tunnel.PingAsync(timeout.Token);
        }
        finally
        {
            _lab.Edge.AddedRttMs = 0;
        }

        Assert.That(near, Is.LessThan(TimeSpan.FromMilliseconds(200)));
        Assert.That(far, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)));
    }

    [Test]
    public async Task StreamClosedByOrigin_ReadsEndOfStream()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Tls, "http-close", 2, timeout.Token);

        var response = await EdgeLab.HttpGetAsync(tunnel, IpCheckNode.Host, timeout.Token);

        Assert.That(response, Does.StartWith("HTTP/1.1 200"));
    }

    private IPEndPoint DtlsEndPoint() => _lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Udp);

    private IPEndPoint TlsEndPoint() => _lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Tcp);
}
