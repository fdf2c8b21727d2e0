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
}
