using FaultLab.Tests.Support;

namespace FaultLab.Tests.Cli;

public sealed class ProbeCommandTests
{
    [Test]
    public async Task Probes_ShowTheHotelBlockingUdpButNotTcp_AndResolveAndReadIssuers()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var name = lab.Host.Record.Name;

        var udp = await lab.CliAsync("probe", name, "udp", "gateway.edge.lab");
        Assert.That(udp.ExitCode, Is.EqualTo(1), udp.Out + udp.Error);
        Assert.That(udp.Out, Does.StartWith("FAILED: UDP gateway.edge.lab:443"));

        var tcp = await lab.CliAsync("probe", name, "tcp", "gateway.edge.lab:443");
        Assert.That(tcp.ExitCode, Is.EqualTo(0), tcp.Out + tcp.Error);

        var dns = await lab.CliAsync("probe", name, "dns", "idp.lab");
        Assert.That(dns.Out, Does.StartWith("ok: idp.lab: 127.0.0.1"), dns.Error);
        var unknown = await lab.CliAsync("probe", name, "dns", "nosuch.lab");
        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.Out, Does.Contain("NxDomain"));

        var tls = await lab.CliAsync("probe", name, "tls", "idp.lab");
        Assert.That(tls.Out, Does.Contain("issuer: CN=FaultLab Public Origin CA"), tls.Out + tls.Error);
    }

    [Test]
    public async Task Mtu_ThroughThePathLimit_PrintsThePathMtuLikePingWithDontFragment()
    {
        await using var lab = await RunningLab.StartAsync("mtu-blackhole");
        var name = lab.Host.Record.Name;

        var mtu = await lab.CliAsync("probe", name, "mtu", "gateway.edge.lab");
        Assert.That(mtu.ExitCode, Is.EqualTo(0), mtu.Out + mtu.Error);
        Assert.That(mtu.Out.Trim(), Is.EqualTo("ok: path MTU to gateway.edge.lab: 1400 bytes (largest datagram 1372 + 28 bytes of headers)"));

        var json = await lab.CliAsync("probe", name, "mtu", "gateway.edge.lab", "--json");
        var fields = System.Text.Json.Nodes.JsonNode.Parse(json.Out)!["fields"]!;
        Assert.That(fields["pathMtu"]!.GetValue<string>(), Is.EqualTo("1400"));
        Assert.That(fields["largestPayload"]!.GetValue<string>(), Is.EqualTo("1372"));

        var nowhere = await lab.CliAsync("probe", name, "mtu", "idp.lab");
        Assert.That(nowhere.ExitCode, Is.EqualTo(1));
        Assert.That(nowhere.Out, Does.StartWith("FAILED: path MTU to idp.lab: no route to host"));
    }
}
