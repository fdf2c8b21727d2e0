using FaultLab.Agent;

namespace FaultLab.Tests.Agent;

public sealed class AgentServiceTests
{
    [Test]
    public async Task Healthy_Authenticates_AndEstablishesDtlsToTheNearestEdge()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);

        var status = await StatusPolling.UntilHealthyAsync(agent);

        Assert.Multiple(() =>
        {
            Assert.That(status.Tunnel, Is.EqualTo("Established over DTLS"));
            Assert.That(status.InternetSecurity, Is.EqualTo("On"));
            Assert.That(status.PrivateAccess, Is.EqualTo("On"));
            Assert.That(status.Edge?.Name, Is.EqualTo("edge-fra"));
            Assert.That(status.Edge?.City, Is.EqualTo("Frankfurt"));
            Assert.That(status.DeviceId, Is.Not.Empty, "a device id is generated and kept in the device document");
            Assert.That(world.Device.Get("deviceId")!.GetValue<string>(), Is.EqualTo(status.DeviceId));
        });
    }
}
