using System.Net;
using FaultLab.Nodes.Origins;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Origins;

public sealed class PrivateAppNodeTests
{
    [Test]
    public async Task HrApp_ServesItsPageOverHttpsOnly()
    {
        using var world = new TestNodeContext();
        await using var hr = new PrivateAppNode();
        await hr.StartAsync(world.Context, CancellationToken.None);
        using var client = LabHttpClient.Create(world.Directory, world.Pki.Root.Certificate);

        using var page = await client.GetAsync("https://hr.corp.lab/");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<title>FaultLab HR Portal</title>"));
        Assert.That(world.Directory.TryResolve(new ServiceAddress("hr.corp.lab", 80, Transport.Tcp), out _), Is.False);
        Assert.That(hr.Role, Is.EqualTo("private-app"));
    }
}
