using FaultLab.Agent;
using FaultLab.Agent.PrivateAccess;
using FaultLab.Faults.Kinds;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Agent.PrivateAccess;

/// <summary>
/// Private Access on a running lab: on when the broker validates the device's enrollment certificate,
/// off with the reason when a re-signing middlebox on the edge link sits between them.
/// </summary>
public sealed class PrivateAccessInLabTests
{
    // The branch proxy of the zpa-device-cert lab: it leaves sign-in, policy and the tunnel alone, not the broker.
    private const string InspectingProxy = """
          - kind: tls-resign
            link: edge
            ca: acme-proxy
            bypass: [api.edge.lab, gateway.edge.lab, "*.gateway.edge.lab"]
            owner: customer
        """;

    [Test]
    public async Task FaultFreeLab_BrokerValidatesTheDevice_PrivateAccessOnAndHrLoads()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("  []");
        var agent = AgentOf(lab);

        var status = await StatusPolling.UntilAsync(agent, s => s.PrivateAccess == "On", "Private Access On");
        var hr = await agent.RunAppAsync("hr", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(status.InternetSecurity, Is.EqualTo("On"));
            Assert.That(agent.PrivateAccessProblem(), Is.Null);
            Assert.That(agent.PrivateAccessValidation.Credential.Current?.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
                Is.EqualTo(status.DeviceId), "the device certificate names the device");
            Assert.That(hr.Ok, Is.True, hr.Summary);
            Assert.That(lab.Instance.World.Enrollments.Find(status.DeviceId)?.CertificateThumbprint,
                Is.EqualTo(agent.PrivateAccessValidation.Credential.Current?.Certificate.Thumbprint), "the broker knows this certificate as the device's current one");
        });
    }

    [Test]
    public async Task InspectingProxyOnTheEdgeLink_PrivateAccessOffNamingAcmeProxy_WhileInternetSecurityOn()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync(InspectingProxy);
        var agent = AgentOf(lab);

        var status = await StatusPolling.UntilAsync(agent, s => s.Authentication == "Authenticated" && s.InternetSecurity == "On"
            && agent.PrivateAccessProblem() is { } p && p.StartsWith(PrivateAccessBrokerClient.ProblemPrefix, StringComparison.Ordinal),
            "Internet Security On with the broker's validation failed");
        var hr = await agent.RunAppAsync("hr", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(status.PrivateAccess, Is.EqualTo("Off"));
            Assert.That(status.Tunnel, Does.StartWith("Established"), "the tunnel is not what the proxy breaks");
            Assert.That(agent.PrivateAccessProblem(), Does.Contain("broker.private.edge.lab").And.Contain("issued by CN=AcmeProxy Inspection CA"));
            Assert.That(hr.Ok, Is.False);
            Assert.That(hr.Summary, Does.Contain("Private Access is Off").And.Contain("AcmeProxy"));
            Assert.That(status.Events.Select(e => e.Message), Has.Some.Contains("Unable to validate device certificate"), "the agent log has the validation line");
        });
    }

    [Test]
    public async Task InspectingProxy_BrokerAddedToItsBypass_PrivateAccessComesOnWithoutRestart()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync(InspectingProxy);
        var agent = AgentOf(lab);
        await StatusPolling.UntilAsync(agent, s => s.InternetSecurity == "On" && agent.PrivateAccessProblem() is { } p
            && p.StartsWith(PrivateAccessBrokerClient.ProblemPrefix, StringComparison.Ordinal), "the broker's validation failed");

        var proxy = lab.Instance.Faults.Select(f => f.Fault).OfType<TlsResignFault>().Single();
        proxy.Add("broker.private.edge.lab");
        var status = await StatusPolling.UntilAsync(agent, s => s.PrivateAccess == "On", "Private Access On once the broker is bypassed");
        var hr = await agent.RunAppAsync("hr", CancellationToken.None);

        Assert.That(status.InternetSecurity, Is.EqualTo("On"));
        Assert.That(hr.Ok, Is.True, hr.Summary);
    }

    private static AgentService AgentOf(RunningLab lab) =>
        lab.Instance.Agent ?? throw new InvalidOperationException("the lab runs no agent");
}
