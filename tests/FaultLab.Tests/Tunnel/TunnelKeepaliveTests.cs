using System.Diagnostics;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Udp;
using FaultLab.Nodes.Edge;
using FaultLab.Tests.Faults.Kinds;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Nodes.Edge;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Tunnel;

/// <summary>
/// The tunnel keepalive over real DTLS to a running edge, through a UDP relay whose drop fault the
/// test switches: the edge answers the Pings, and a path that silently drops everything is noticed.
/// </summary>
public sealed class TunnelKeepaliveTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(8);
    private static readonly TunnelKeepalive Fast = new(TimeSpan.FromMilliseconds(150), 3);
    private EdgeLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await EdgeLab.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    /// <summary>A relay in front of the edge's DTLS port with a udp-drop fault on 443, switched off.</summary>
    private (UdpRelay Relay, FaultSwitch Drop) DroppingRelay()
    {
        var link = TestLinks.Edge(FaultYaml.Bind<UdpDropFault>("kind: udp-drop\nlink: edge\nports: [443]\n"));
        var drop = link.All[0];
        drop.Active = false;
        return (UdpRelay.Start(TestLinks.EdgeUdp, _lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Udp), link), drop);
    }

    private async Task<TunnelClient> ConnectThroughAsync(UdpRelay relay, string deviceId, CancellationToken cancellationToken)
    {
        var tunnel = await TunnelClient.ConnectDtlsAsync(relay.ListenEndPoint, _lab.DtlsOptions() with { Keepalive = Fast }, cancellationToken);
        var hello = await tunnel.HelloAsync(_lab.Enroll(deviceId), 2, cancellationToken);
        Assert.That(hello.Accepted, Is.True, hello.RefusedReason);
        return tunnel;
    }

    [Test]
    public async Task IdleTunnel_PingsTheEdge_AndStaysUpBecauseTheEdgeAnswers()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var tunnel = await TunnelClient.ConnectDtlsAsync(_lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Udp),
            _lab.DtlsOptions() with { Keepalive = Fast }, timeout.Token);
        Assert.That((await tunnel.HelloAsync(_lab.Enroll("keepalive-idle"), 2, timeout.Token)).Accepted, Is.True);

        // Twice the Pings after which an unanswered tunnel is declared dead.
        var lived = await Polling.UntilAsync(() => tunnel.KeepalivesSent >= 2 * Fast.MissedRepliesAllowed || !tunnel.IsConnected, timeout.Token);

        Assert.Multiple(() =>
        {
            Assert.That(lived, Is.True, "the client sent keepalives");
            Assert.That(tunnel.IsConnected, Is.True, $"the edge answers every Ping, yet the tunnel went down: {tunnel.DisconnectReason}");
            Assert.That(tunnel.KeepalivesSent, Is.GreaterThanOrEqualTo(2 * Fast.MissedRepliesAllowed));
        });
    }

    [Test]
    public async Task PathStartsDroppingEverything_TunnelIsDeclaredDown_AfterTheMissedReplies()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var (relay, drop) = DroppingRelay();
        await using var _ = relay;
        await using var tunnel = await ConnectThroughAsync(relay, "keepalive-drop", timeout.Token);
        Assert.That(await tunnel.PingAsync(timeout.Token), Is.LessThan(TimeSpan.FromSeconds(2)), "the path works before the fault");

        drop.Active = true;
        var silentFrom = Stopwatch.StartNew();
        var reason = await tunnel.WhenDown.WaitAsync(timeout.Token);
        var noticedAfter = silentFrom.Elapsed;

        Assert.Multiple(() =>
        {
            Assert.That(tunnel.IsConnected, Is.False);
            Assert.That(reason, Does.StartWith("keepalive: no answer from edge-fra for "), reason);
            Assert.That(tunnel.DisconnectReason, Is.EqualTo(reason));
            Assert.That(noticedAfter, Is.GreaterThanOrEqualTo(Fast.Interval * Fast.MissedRepliesAllowed), "not before the allowed replies were missed");
            Assert.That(drop.Counts["dropped"], Is.GreaterThanOrEqualTo(Fast.MissedRepliesAllowed), "the Pings went into the relay and were dropped");
        });
        var open = Assert.ThrowsAsync<IOException>(async () => await tunnel.OpenStreamAsync(EdgeLab.EchoHost, 443, Transport.Tcp, timeout.Token));
        Assert.That(open!.Message, Does.Contain("keepalive"));
    }

    [Test]
    public async Task TlsPathStartsSwallowingBytes_TunnelIsDeclaredDown_AfterTheMissedReplies()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var pipe = new BlackholingTcpPipe(_lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Tcp));
        await using var tunnel = await TunnelClient.ConnectTlsAsync(pipe.EndPoint, _lab.TlsOptions() with { Keepalive = Fast }, timeout.Token);
        Assert.That((await tunnel.HelloAsync(_lab.Enroll("keepalive-tls"), 2, timeout.Token)).Accepted, Is.True);
        Assert.That(await tunnel.PingAsync(timeout.Token), Is.LessThan(TimeSpan.FromSeconds(2)), "the path works before it goes silent");

        pipe.Swallowing = true;
        var reason = await tunnel.WhenDown.WaitAsync(timeout.Token);

        Assert.Multiple(() =>
        {
            Assert.That(tunnel.IsConnected, Is.False);
            Assert.That(reason, Does.StartWith("keepalive: no answer from edge-fra for "), reason);
        });
    }

    [Test]
    public async Task FaultGoesOff_ANewTunnelThroughTheSamePath_ComesUpAndStaysUp()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var (relay, drop) = DroppingRelay();
        await using var _ = relay;
        await using (var first = await ConnectThroughAsync(relay, "keepalive-recover", timeout.Token))
        {
            drop.Active = true;
            await first.WhenDown.WaitAsync(timeout.Token);
        }

        drop.Active = false;
        await using var second = await ConnectThroughAsync(relay, "keepalive-recover", timeout.Token);
        var rtt = await second.PingAsync(timeout.Token);
        await Polling.UntilAsync(() => second.KeepalivesSent >= 2 * Fast.MissedRepliesAllowed || !second.IsConnected, timeout.Token);

        Assert.Multiple(() =>
        {
            Assert.That(rtt, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(second.IsConnected, Is.True, second.DisconnectReason);
        });
    }

    [Test]
    public async Task KeepaliveOff_SilentPathGoesUnnoticed_WhichIsWhyItIsOnByDefault()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var (relay, drop) = DroppingRelay();
        await using var _ = relay;
        var options = _lab.DtlsOptions() with { Keepalive = TunnelKeepalive.Off };
        await using var tunnel = await TunnelClient.ConnectDtlsAsync(relay.ListenEndPoint, options, timeout.Token);
        Assert.That((await tunnel.HelloAsync(_lab.Enroll("keepalive-off"), 2, timeout.Token)).Accepted, Is.True);

        drop.Active = true;
        var wentDown = await tunnel.WhenDown.WaitAsync(Fast.Interval * (Fast.MissedRepliesAllowed + 3), TimeProvider.System, timeout.Token)
            .ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);

        Assert.Multiple(() =>
        {
            Assert.That(wentDown, Is.False, "without keepalives nothing tells the client");
            Assert.That(tunnel.IsConnected, Is.True);
            Assert.That(tunnel.KeepalivesSent, Is.Zero);
            Assert.That(TunnelKeepalive.Default.Enabled, Is.True);
        });
    }

    [Test]
    public void UnusableKeepalive_IsRefusedWithTheSetting()
    {
        var options = _lab.DtlsOptions() with { Keepalive = new TunnelKeepalive(TimeSpan.FromSeconds(2), 0) };

        var refused = Assert.ThrowsAsync<ArgumentException>(() =>
            TunnelClient.ConnectDtlsAsync(_lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Udp), options, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("missed reply"));
    }
}
