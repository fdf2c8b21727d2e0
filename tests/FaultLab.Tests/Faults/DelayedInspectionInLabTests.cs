using FaultLab.Faults;
using FaultLab.Labs;
using FaultLab.Tests.Agent;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Faults;

/// <summary>A lab whose inspecting fault starts late: the laptop works after boot, then its tunnel degrades.</summary>
public sealed class DelayedInspectionInLabTests
{
    private const int StartAfterSeconds = 3;

    private static LabDefinition Lab(string bypass) => new LabFileParser(FaultCatalog.Standard).Parse($$"""
        id: delayed-inspection
        scenario: 10
        title: test
        category: tunnel
        level: L3
        briefing: test
        network: home
        faults:
          - kind: tls-resign
            link: edge
            ca: acme-proxy
            bypass: [{{bypass}}]
            startAfterSeconds: {{StartAfterSeconds}}
            owner: customer
        policy:
          forwarding: { offTrusted: tunnel, transport: tls }
        diagnosis: test.lab
        verify:
          - agent: { tunnel: established }
        solution:
          - agent restart-service
        """, "labs/delayed-inspection.yaml");

    [Test]
    public async Task InspectionStartingAfterBoot_TakesOverTheTunnel_WhichThenStaysDownOnTheForeignCertificate()
    {
        await using var lab = await RunningLab.StartAsync(Lab(bypass: ""));
        var agent = lab.Instance.Agent!;
        var inspection = lab.Instance.Faults.Single();

        var healthy = await StatusPolling.UntilHealthyAsync(agent);
        Assert.That(inspection.Active, Is.False, $"the tunnel came up only after the fault fired ({healthy.Tunnel}); the machine is too slow for this test's {StartAfterSeconds} s");
        Assert.That(lab.Instance.FaultStatuses().Single().Description, Does.Contain("pending: switches on in"));

        var degraded = await StatusPolling.UntilAsync(agent,
            s => !s.Tunnel.StartsWith("Established", StringComparison.Ordinal) && s.LastError?.Contains("AcmeProxy", StringComparison.Ordinal) == true,
            "the tunnel down on the re-signed certificate");

        Assert.Multiple(() =>
        {
            Assert.That(healthy.Tunnel, Is.EqualTo("Established over TLS"));
            Assert.That(degraded.Tunnel, Is.AnyOf("Down", "Connecting"));
            Assert.That(degraded.InternetSecurity, Is.EqualTo("Off"));
            Assert.That(degraded.Authentication, Is.EqualTo("Authenticated"), "only the tunnel suffers; the sign-in done at boot stands");
            Assert.That(degraded.Events.Select(e => e.Message), Has.Some.Contains("the tunnel went down"));
            Assert.That(inspection.Active, Is.True);
            Assert.That(inspection.RecentEvents.Select(e => (e.Action, e.Detail)), Has.Some.EqualTo(("switched on", (string?)$"delayed start after {StartAfterSeconds} s")));
            Assert.That(inspection.RecentEvents.Select(e => e.Action), Does.Contain("reset"));
        });
    }

    [Test]
    public async Task InspectionStartingAfterBoot_WithTheEdgeBypassed_LeavesTheTunnelUp()
    {
        await using var lab = await RunningLab.StartAsync(Lab(bypass: "'*.edge.lab'"));
        var agent = lab.Instance.Agent!;
        var inspection = lab.Instance.Faults.Single();
        await StatusPolling.UntilHealthyAsync(agent);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        inspection.Switched += _ => fired.TrySetResult();
        if (inspection.Active) fired.TrySetResult();

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(StartAfterSeconds + 2));
        var after = agent.Status();

        Assert.That(after.Tunnel, Is.EqualTo("Established over TLS"), after.LastError);
        Assert.That(after.Events.Select(e => e.Message), Has.None.Contains("the tunnel went down"));
        Assert.That(inspection.Counts.ContainsKey("reset"), Is.False);
    }
}
