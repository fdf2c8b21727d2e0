using FaultLab.Agent;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Agent;

/// <summary>The agent against a whole running lab instance, wired as the runtime wires it.</summary>
public sealed class AgentInLabTests
{
    [Test]
    public async Task FaultFreeLab_AgentAuthenticates_AndIpCheckSaysFrankfurt()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("  []");
        await using var agent = new AgentService(AgentEnvironment.ForLab(lab.Instance));
        await agent.StartAsync(CancellationToken.None);

        var status = await StatusPolling.UntilHealthyAsync(agent);
        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);

        Assert.That(status.Edge?.Name, Is.EqualTo("edge-fra"));
        Assert.That(ipcheck.Fields["city"], Is.EqualTo("Frankfurt"), ipcheck.Summary);
    }
}
