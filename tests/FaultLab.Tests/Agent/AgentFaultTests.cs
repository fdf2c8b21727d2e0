using FaultLab.Agent;

namespace FaultLab.Tests.Agent;

public sealed class AgentFaultTests
{
    [Test]
    public async Task ClockSkew412_NeverAuthenticates_LoopsWithTheReason()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Device.SetFromText("clockOffsetSeconds", "412");
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);

        var failing = await StatusPolling.UntilAsync(agent, s => s.LastError?.Contains("Expired", StringComparison.Ordinal) == true, "a sign-in refused as expired");
        var failures = await StatusPolling.UntilAsync(agent,
            s => s.Events.Count(e => e.Message.Contains("Expired", StringComparison.Ordinal)) >= 2, "a second attempt");

        Assert.Multiple(() =>
        {
            Assert.That(failing.Authentication, Is.Not.EqualTo("Authenticated"));
            Assert.That(failures.Authentication, Is.Not.EqualTo("Authenticated"));
            Assert.That(failures.Events.Any(e => e.Message.StartsWith("authenticated", StringComparison.Ordinal)), Is.False);
        });
    }

    [Test]
    public async Task ClockSkew_ResyncAndRestart_Heals()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Device.SetFromText("clockOffsetSeconds", "412");
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        await StatusPolling.UntilAsync(agent, s => s.LastError is not null, "a failed sign-in");

        Assert.That(agent.ClockStatus(), Does.Contain("+412 s"));
        agent.ClockResync();
        await agent.RestartServiceAsync(CancellationToken.None);
        var status = await StatusPolling.UntilHealthyAsync(agent);

        Assert.That(status.Authentication, Is.EqualTo("Authenticated"));
        Assert.That(world.Device.Get("clockOffsetSeconds")!.ToJsonString(), Is.EqualTo("0"));
    }

    [Test]
    public async Task DtlsOnly_WithUdpUnreachable_TunnelStaysDown()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Policy.SetFromText("forwarding.transport", "dtls-only");
        world.Policy.SetFromText("forwarding.dtlsTimeoutSeconds", "1");
        using var network = new SilentUdpLaptopNetwork(new World.DirectLaptopNetwork(world.Services, World.NetworkProfile.Find("home")!));
        await using var agent = world.Agent(network);
        await agent.StartAsync(CancellationToken.None);

        var status = await StatusPolling.UntilAsync(agent, s => s.Authentication == "Authenticated" && s.LastError?.Contains("DTLS", StringComparison.Ordinal) == true,
            "a DTLS failure after sign-in");
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(status.Tunnel, Is.AnyOf("Down", "Connecting"));
            Assert.That(status.InternetSecurity, Is.EqualTo("Off"));
            Assert.That(status.Events.Any(e => e.Message.Contains("falling back", StringComparison.Ordinal)), Is.False, "dtls-only never falls back");
            Assert.That(browser.Ok, Is.False, "fail-close blocks traffic");
        });
    }

    [Test]
    public async Task DtlsWithTlsFallback_WithUdpUnreachable_EstablishesOverTls()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Policy.SetFromText("forwarding.transport", "dtls-with-tls-fallback");
        world.Policy.SetFromText("forwarding.dtlsTimeoutSeconds", "1");
        using var network = new SilentUdpLaptopNetwork(new World.DirectLaptopNetwork(world.Services, World.NetworkProfile.Find("home")!));
        await using var agent = world.Agent(network);
        await agent.StartAsync(CancellationToken.None);

        var status = await StatusPolling.UntilHealthyAsync(agent);
        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);

        Assert.That(status.Tunnel, Is.EqualTo("Established over TLS"));
        Assert.That(ipcheck.Fields["connected"], Is.EqualTo("true"), ipcheck.Summary);
    }

    [Test]
    public async Task FailOpen_TunnelCannotComeUp_TrafficGoesDirect_InternetSecurityOff()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Policy.SetFromText("forwarding.transport", "dtls-only");
        world.Policy.SetFromText("forwarding.dtlsTimeoutSeconds", "1");
        world.Policy.SetFromText("appProfile.failOpen.enabled", "true");
        world.Policy.SetFromText("appProfile.failOpen.timeoutSeconds", "0");
        using var network = new SilentUdpLaptopNetwork(new World.DirectLaptopNetwork(world.Services, World.NetworkProfile.Find("home")!));
        await using var agent = world.Agent(network);
        await agent.StartAsync(CancellationToken.None);

        var status = await StatusPolling.UntilAsync(agent, s => s.Events.Any(e => e.Message.StartsWith("fail-open", StringComparison.Ordinal)), "fail-open");
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);
        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(status.InternetSecurity, Is.EqualTo("Off"));
            Assert.That(browser.Ok, Is.True, browser.Summary);
            Assert.That(browser.Fields["route"], Is.EqualTo("direct"));
            Assert.That(ipcheck.Fields["connected"], Is.EqualTo("false"), ipcheck.Summary);
        });
    }

    [Test]
    public async Task LatchedFarEdge_IsUsedInsteadOfTheNearest()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Device.SetFromText("latchedEdge", "edge-sjc");
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);

        var status = await StatusPolling.UntilHealthyAsync(agent);
        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);

        Assert.That(status.Edge?.Name, Is.EqualTo("edge-sjc"));
        Assert.That(ipcheck.Fields["city"], Is.EqualTo("San Jose"));
    }

    [Test]
    public async Task StoppedTunnelService_TunnelDownUntilRestart()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Device.Set("services.tunnel", System.Text.Json.Nodes.JsonValue.Create("stopped"));
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);

        var down = await StatusPolling.UntilAsync(agent, s => s.LastError?.Contains("tunnel service is stopped", StringComparison.Ordinal) == true, "the stopped tunnel service reported");
        Assert.That(down.Tunnel, Is.EqualTo("Down"));

        await agent.RestartServiceAsync(CancellationToken.None);
        await StatusPolling.UntilHealthyAsync(agent);
    }

    [Test]
    public async Task StoppedAgentService_StatusSaysUnavailable()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Device.Set("services.agent", System.Text.Json.Nodes.JsonValue.Create("failed"));
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);

        var status = agent.Status();

        Assert.That(status.Running, Is.False);
        Assert.That(status.LastError, Does.Contain("failed"));
    }
}
