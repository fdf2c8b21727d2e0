using FaultLab.Agent;

namespace FaultLab.Tests.Agent;

public sealed class AgentAppTests
{
    [Test]
    public async Task Healthy_AppsWorkThroughTheTunnel()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.BypassInspectionForTeams();
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        await StatusPolling.UntilHealthyAsync(agent);

        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);
        var hr = await agent.RunAppAsync("hr", CancellationToken.None);
        var ssh = await agent.RunAppAsync("ssh", CancellationToken.None);
        var teams = await agent.RunAppAsync("teams", CancellationToken.None);
        var update = await agent.RunAppAsync("update", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ipcheck.Ok, Is.True, ipcheck.Summary);
            Assert.That(ipcheck.Fields["connected"], Is.EqualTo("true"));
            Assert.That(ipcheck.Fields["city"], Is.EqualTo("Frankfurt"));
            Assert.That(browser.Ok, Is.True, browser.Summary);
            Assert.That(hr.Ok, Is.True, hr.Summary);
            Assert.That(ssh.Ok, Is.True, ssh.Summary);
            Assert.That(ssh.Fields["banner"], Does.StartWith("SSH-2.0-"));
            Assert.That(teams.Ok, Is.True, teams.Summary);
            Assert.That(teams.Fields["lossPercent"], Is.EqualTo("0"));
            Assert.That(update.Ok, Is.True, update.Summary);
            Assert.That(world.Device.Get("agentVersion")!.GetValue<string>(), Is.EqualTo("4.5.0.300"));
        });
    }

    [Test]
    public async Task PostureArtifactMissing_HrDeniedWithTheReason_InternetStillWorks()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.Device.SetFromText("diskEncryption", "false");
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var status = await StatusPolling.UntilHealthyAsync(agent);

        var hr = await agent.RunAppAsync("hr", CancellationToken.None);
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(status.PrivateAccess, Is.EqualTo("Off"));
            Assert.That(hr.Ok, Is.False);
            Assert.That(hr.Summary, Does.Contain("disk encryption"));
            Assert.That(browser.Ok, Is.True, browser.Summary);
        });
    }

    [Test]
    public async Task Teams_InspectedByTheEdge_FailsNamingTheInspectionIssuer_UntilBypassedAndPolicyUpdated()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.InspectTeams();
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        await StatusPolling.UntilHealthyAsync(agent);

        var inspected = await agent.RunAppAsync("teams", CancellationToken.None);
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);
        world.BypassInspectionForTeams();
        await agent.RunActionAsync("update-policy", [], CancellationToken.None);
        var bypassed = await agent.RunAppAsync("teams", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(inspected.Ok, Is.False);
            Assert.That(inspected.Summary, Does.Contain("certificate error").And.Contain("Edge Inspection CA"));
            Assert.That(browser.Ok, Is.True, "only the pinned app refuses the inspected chain: " + browser.Summary);
            Assert.That(bypassed.Ok, Is.True, bypassed.Summary);
        });
    }

    [Test]
    public async Task UnknownApp_IsRefusedWithTheKnownNames()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        await using var agent = world.Agent();

        var e = Assert.ThrowsAsync<ArgumentException>(() => agent.RunAppAsync("temas", CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("teams"));
    }
}
