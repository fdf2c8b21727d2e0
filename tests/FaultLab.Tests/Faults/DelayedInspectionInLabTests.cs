using FaultLab.Agent;
using FaultLab.Faults;
using FaultLab.Labs;
using FaultLab.Tests.Agent;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Faults;

/// <summary>A lab whose inspecting fault starts late: the laptop works after boot, then its tunnel degrades.</summary>
public sealed class DelayedInspectionInLabTests
{
    // Long enough for the agent to come up first on a busy machine, short enough for a test.
    private const int StartAfterSeconds = 5;

    private static LabDefinition Lab(int startAfterSeconds, string bypass) => new LabFileParser(FaultCatalog.Standard).Parse($$"""
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
            startAfterSeconds: {{startAfterSeconds}}
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
        await using var lab = await RunningLab.StartAsync(Lab(StartAfterSeconds, bypass: ""));
        var agent = lab.Instance.Agent!;
        var inspection = lab.Instance.Faults.Single();

        var boot = await StatusPolling.UntilAsync(agent, s => IsHealthy(s) || inspection.Active, "healthy after boot (or the fault firing first)");
        Assert.That(IsHealthy(boot), Is.True, $"the fault fired before the tunnel came up ({boot.Tunnel}, {boot.LastError}): this machine is too slow for {StartAfterSeconds} s");
        Assert.That(lab.Instance.FaultStatuses().Single().Description, Does.Contain("pending: switches on in"));

        var degraded = await StatusPolling.UntilAsync(agent,
            s => !s.Tunnel.StartsWith("Established", StringComparison.Ordinal) && s.LastError?.Contains("AcmeProxy", StringComparison.Ordinal) == true,
            "the tunnel down on the re-signed certificate");

        Assert.Multiple(() =>
        {
            Assert.That(boot.Tunnel, Is.EqualTo("Established over TLS"));
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
    public async Task InstructorSwitchingOnBeforeTheDelay_CancelsIt_AndABypassedEdgeKeepsItsTunnel()
    {
        await using var lab = await RunningLab.StartAsync(Lab(startAfterSeconds: 600, bypass: "'*.edge.lab'"));
        var agent = lab.Instance.Agent!;
        var inspection = lab.Instance.Faults.Single();
        await StatusPolling.UntilHealthyAsync(agent);

        var listed = await lab.CliAsync("fault", "delayed-inspection", "list");
        Assert.That(listed.Out, Does.Match(@"tls-resign\s+customer\s+off\s.*pending: switches on in \d+ s"));

        var (code, output, error) = await lab.CliAsync("fault", "delayed-inspection", "on", "tls-resign");
        var after = agent.Status();

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("on").And.Not.Contain("pending"));
            Assert.That(inspection.Pending, Is.False);
            Assert.That(inspection.Counts["delayed start cancelled"], Is.EqualTo(1));
            Assert.That(inspection.Counts.ContainsKey("reset"), Is.False, "the edge is bypassed: nothing to take over");
            Assert.That(after.Tunnel, Is.EqualTo("Established over TLS"), after.LastError);
            Assert.That(after.Events.Select(e => e.Message), Has.None.Contains("the tunnel went down"));
        });
    }

    private static bool IsHealthy(AgentStatus s) =>
        s.Authentication == "Authenticated" && s.Tunnel.StartsWith("Established", StringComparison.Ordinal) && s.InternetSecurity == "On";
}
