using FaultLab.Agent;
using FaultLab.Tunnel;

namespace FaultLab.Tests.Agent;

/// <summary>
/// An established DTLS tunnel whose path starts dropping every datagram: the agent notices through
/// the keepalive, shows the tunnel down with Internet Security Off, and comes back when the path does.
/// </summary>
public sealed class AgentKeepaliveTests
{
    private static readonly AgentTimeouts FastKeepalive = AgentWorld.TestTimeouts with
    {
        TunnelKeepalive = new TunnelKeepalive(TimeSpan.FromMilliseconds(200), 3),
    };

    [Test]
    public async Task DtlsPathGoesSilent_TunnelShowsDown_ThenReestablishesWhenThePathReturns()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Policy.SetFromText("forwarding.transport", "dtls-only");
        world.Policy.SetFromText("forwarding.dtlsTimeoutSeconds", "1");
        await using var network = new DroppingUdpLaptopNetwork(new World.DirectLaptopNetwork(world.Services, World.NetworkProfile.Find("home")!));
        await using var agent = world.Agent(network, FastKeepalive);
        await agent.StartAsync(CancellationToken.None);
        var up = await StatusPolling.UntilHealthyAsync(agent);
        Assert.That(up.Tunnel, Is.EqualTo("Established over DTLS"));

        network.Drop.Active = true;
        var down = await StatusPolling.UntilAsync(agent, s => !s.Tunnel.StartsWith("Established", StringComparison.Ordinal), "the tunnel shown down");
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);
        var noticed = await StatusPolling.UntilAsync(agent, s => s.Events.Any(e => e.Message.Contains("keepalive: no answer from edge-fra", StringComparison.Ordinal)),
            "the keepalive reason logged");
        Assert.Multiple(() =>
        {
            Assert.That(down.InternetSecurity, Is.EqualTo("Off"));
            Assert.That(down.Tunnel, Is.AnyOf("Down", "Connecting"));
            Assert.That(down.Authentication, Is.EqualTo("Authenticated"), "only the tunnel is affected");
            Assert.That(browser.Ok, Is.False, "fail-close (the default) holds traffic while the tunnel is down");
            Assert.That(noticed.LastError, Does.StartWith("tunnel:"));
        });

        network.Drop.Active = false;
        var back = await StatusPolling.UntilHealthyAsync(agent);
        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(back.Tunnel, Is.EqualTo("Established over DTLS"));
            Assert.That(back.InternetSecurity, Is.EqualTo("On"));
            Assert.That(ipcheck.Fields["connected"], Is.EqualTo("true"), ipcheck.Summary);
        });
    }

    [Test]
    public async Task DtlsPathGoesSilent_WithFailOpen_TrafficGoesDirectAfterTheTimeout()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Policy.SetFromText("forwarding.transport", "dtls-only");
        world.Policy.SetFromText("forwarding.dtlsTimeoutSeconds", "1");
        world.Policy.SetFromText("appProfile.failOpen.enabled", "true");
        world.Policy.SetFromText("appProfile.failOpen.timeoutSeconds", "1");
        await using var network = new DroppingUdpLaptopNetwork(new World.DirectLaptopNetwork(world.Services, World.NetworkProfile.Find("home")!));
        await using var agent = world.Agent(network, FastKeepalive);
        await agent.StartAsync(CancellationToken.None);
        await StatusPolling.UntilHealthyAsync(agent);

        network.Drop.Active = true;
        var down = await StatusPolling.UntilAsync(agent, s => s.Events.Any(e => e.Message.Contains("the tunnel went down", StringComparison.Ordinal)), "the tunnel going down logged");
        Assert.That(down.Events.Any(e => e.Message.StartsWith("fail-open", StringComparison.Ordinal)), Is.False,
            "fail-open waits its timeout from when the tunnel went down, not from service start");
        var open = await StatusPolling.UntilAsync(agent, s => s.Events.Any(e => e.Message.StartsWith("fail-open", StringComparison.Ordinal)), "fail-open");
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(open.InternetSecurity, Is.EqualTo("Off"));
            Assert.That(browser.Ok, Is.True, browser.Summary);
            Assert.That(browser.Fields["route"], Is.EqualTo("direct"));
        });
    }
}
