using System.Net;
using FaultLab.Control;
using FaultLab.Tests.Support;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Runtime;

/// <summary>Faults of a running lab act on the laptop's links, and real clients see them.</summary>
public sealed class LabNetworkTests
{
    [Test]
    public async Task OpensslThroughAReSigningLink_SeesAcmeProxy_ThenTheRealIssuerOnceBypassedByTheTrainee()
    {
        var openssl = ExternalTool.Require("openssl");
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: tls-resign
                link: idp
                ca: acme-proxy
                owner: customer
            """);
        var front = lab.Instance.Network.Route(new ServiceAddress("idp.lab", 443, Transport.Tcp))!;
        Assert.That(front.Port, Is.Not.EqualTo(lab.Port("idp.lab", 443, Transport.Tcp)), "the idp link has a middlebox in front");

        async Task<string> Issuer()
        {
            var result = await ExternalTool.RunAsync(openssl, ["s_client", "-connect", $"127.0.0.1:{front.Port}", "-servername", "idp.lab"], stdin: "");
            return result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("issuer=", StringComparison.Ordinal)) ?? result.Output + result.Error;
        }

        Assert.That(await Issuer(), Does.Contain("AcmeProxy"));
        using var trainee = lab.Trainee();
        await trainee.PostAsync("net/bypass/add", new NetChange("idp.lab"), CancellationToken.None);
        Assert.That(await Issuer(), Does.Contain("FaultLab Public Origin CA"));
    }

    [Test]
    public async Task WorldOwnedList_IsNotTheTraineesToEdit()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: tls-resign
                link: idp
                owner: world
            """);
        using var trainee = lab.Trainee();
        var refused = Assert.ThrowsAsync<ControlException>(() => trainee.PostAsync("net/bypass/add", new NetChange("idp.lab"), CancellationToken.None))!;
        Assert.That(refused.Message, Is.EqualTo("the 'bypass' list belongs to the network's operator, not to you"));
    }

    [Test]
    public async Task UdpBlockedOnTheEdgeLink_DtlsTimesOut_TlsOnTheSamePortWorks_UntilTheFaultIsSwitchedOff()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var root = lab.Instance.Pki!.Root.Certificate;
        var udp = lab.Instance.Network.Route(new ServiceAddress("gateway.edge.lab", 443, Transport.Udp))!;
        var tcp = lab.Instance.Network.Route(new ServiceAddress("gateway.edge.lab", 443, Transport.Tcp))!;
        var dtls = new DtlsTunnelClientOptions("gateway.edge.lab", root) { HandshakeTimeout = TimeSpan.FromSeconds(1) };

        var failure = Assert.ThrowsAsync<TunnelConnectException>(() => TunnelClient.ConnectDtlsAsync(udp, dtls, CancellationToken.None))!;
        Assert.That(failure.Failure, Is.EqualTo(TunnelConnectFailure.HandshakeTimeout));
        await using (var tls = await TunnelClient.ConnectTlsAsync(tcp, "gateway.edge.lab", root, CancellationToken.None))
            Assert.That(tls.IsConnected, Is.True);
        Assert.That(lab.Instance.Faults.Single().Counts["dropped"], Is.GreaterThan(0));

        using var instructor = lab.Instructor();
        await instructor.PostAsync("faults/udp-drop/off", null, CancellationToken.None);
        await using var healed = await TunnelClient.ConnectDtlsAsync(udp, dtls with { HandshakeTimeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);
        Assert.That(healed.Kind, Is.EqualTo(TunnelTransportKind.Dtls));
    }

    [Test]
    public async Task Dig_SeesServfail_ThenAnAnswerOnceTheFaultIsOff()
    {
        var dig = ExternalTool.Require("dig");
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: dns-servfail
                names: ["*.example.lab"]
            """);
        var port = lab.Port("dns.lab", 53, Transport.Udp).ToString();
        var broken = await ExternalTool.RunAsync(dig, ["@127.0.0.1", "-p", port, "www.example.lab", "+time=2", "+tries=1"]);
        Assert.That(broken.Output, Does.Contain("status: SERVFAIL"));

        using var instructor = lab.Instructor();
        await instructor.PostAsync("faults/dns-servfail/off", null, CancellationToken.None);
        var healed = await ExternalTool.RunAsync(dig, ["@127.0.0.1", "-p", port, "www.example.lab", "+short", "+time=2", "+tries=1"]);
        Assert.That(healed.Output.Trim(), Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task CaptivePortal_BlocksTheEdgeUntilTheLaptopSignsIn()
    {
        await using var lab = await RunningLab.StartAsync("captive-portal");
        var root = lab.Instance.Pki!.Root.Certificate;
        var udp = lab.Instance.Network.Route(new ServiceAddress("gateway.edge.lab", 443, Transport.Udp))!;
        var dtls = new DtlsTunnelClientOptions("gateway.edge.lab", root)
        {
            HandshakeTimeout = TimeSpan.FromSeconds(1),
            LocalAddress = lab.Instance.Network.LaptopAddress,
        };
        Assert.ThrowsAsync<TunnelConnectException>(() => TunnelClient.ConnectDtlsAsync(udp, dtls, CancellationToken.None));

        using var trainee = lab.Trainee();
        await trainee.PostAsync("net/portal-login", null, CancellationToken.None);
        await using var tunnel = await TunnelClient.ConnectDtlsAsync(udp, dtls with { HandshakeTimeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);
        Assert.That(tunnel.IsConnected, Is.True);
    }

    [Test]
    public async Task LinkCapture_IsReadByTshark_AndShowsTheRelayedFlows()
    {
        var tshark = ExternalTool.Require("tshark");
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var root = lab.Instance.Pki!.Root.Certificate;
        var udp = lab.Instance.Network.Route(new ServiceAddress("gateway.edge.lab", 443, Transport.Udp))!;
        var tcp = lab.Instance.Network.Route(new ServiceAddress("gateway.edge.lab", 443, Transport.Tcp))!;
        Assert.ThrowsAsync<TunnelConnectException>(() => TunnelClient.ConnectDtlsAsync(udp,
            new DtlsTunnelClientOptions("gateway.edge.lab", root) { HandshakeTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None));
        await using (await TunnelClient.ConnectTlsAsync(tcp, "gateway.edge.lab", root, CancellationToken.None)) { }

        var file = lab.Instance.Network.CaptureFiles["edge"];
        await lab.Instance.Network.DisposeAsync();      // flushes the capture
        var udpPackets = await ExternalTool.RunAsync(tshark, ["-r", file, "-Y", "udp.dstport == 443", "-T", "fields", "-e", "udp.length"]);
        Assert.That(udpPackets.ExitCode, Is.EqualTo(0), udpPackets.Error);
        Assert.That(udpPackets.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.Not.Empty, "the dropped DTLS hellos were seen leaving the laptop");
        var conversations = await ExternalTool.RunAsync(tshark, ["-r", file, "-q", "-z", "conv,tcp"]);
        Assert.That(conversations.ExitCode, Is.EqualTo(0), conversations.Error);
        Assert.That(conversations.Output, Does.Contain(":443"));
    }
}
