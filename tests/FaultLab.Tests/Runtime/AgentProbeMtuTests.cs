using System.Diagnostics;
using FaultLab.Runtime.Embedded;
using FaultLab.Tests.Support;
using FaultLab.Verify;

namespace FaultLab.Tests.Runtime;

/// <summary>The mtu probe from the laptop finds the path MTU to an edge the way ping -f -l does, through the lab's real links.</summary>
public sealed class AgentProbeMtuTests
{
    // A healthy search is a handful of round trips and a few lost sizes; well within this even on a busy machine.
    private static readonly TimeSpan SearchBudget = TimeSpan.FromSeconds(4);

    private static Task<ProbeResult> ProbeMtuAsync(RunningLab lab, string target) =>
        new InstanceVerifyContext(lab.Instance).Agent!.ProbeAsync("mtu", new Dictionary<string, string> { ["target"] = target }, CancellationToken.None);

    [Test]
    public async Task PathMtuFaultOnTheEdgeLink_IsFoundExactly_And1500OnceSwitchedOff()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: path-mtu
                link: edge
                maxDatagramBytes: 1237
                owner: world
            """);

        var watch = Stopwatch.StartNew();
        var limited = await ProbeMtuAsync(lab, "gateway.edge.lab");
        TestContext.Out.WriteLine($"search through the fault took {watch.ElapsedMilliseconds} ms: {limited.Fields.GetValueOrDefault("steps")}");

        Assert.That(limited.Ok, Is.True, limited.Summary);
        Assert.That(limited.Summary, Is.EqualTo("path MTU to gateway.edge.lab: 1265 bytes (largest datagram 1237 + 28 bytes of headers)"));
        Assert.That(limited.Fields["pathMtu"], Is.EqualTo("1265"));
        Assert.That(limited.Fields["largestPayload"], Is.EqualTo("1237"));
        Assert.That(watch.Elapsed, Is.LessThan(SearchBudget));
        Assert.That(lab.Instance.Faults.Single().Counts["dropped"], Is.GreaterThan(0), "the fault ate the larger datagrams");

        using var instructor = lab.Instructor();
        await instructor.PostAsync("faults/path-mtu/off", null, CancellationToken.None);
        var healthy = await ProbeMtuAsync(lab, "fra.gateway.edge.lab");
        Assert.That(healthy.Ok, Is.True, healthy.Summary);
        Assert.That(healthy.Fields["pathMtu"], Is.EqualTo("1500"));
    }

    [Test]
    public async Task UdpDropOnTheTunnelPort_LeavesTheEchoAlone()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");

        var result = await ProbeMtuAsync(lab, "gateway.edge.lab");

        Assert.That(result.Ok, Is.True, result.Summary);
        Assert.That(result.Fields["pathMtu"], Is.EqualTo("1500"));
    }

    [Test]
    public async Task EchoPortDropped_OrNoSuchHost_FailsWithAReason()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: udp-drop
                link: edge
                ports: [7]
                owner: world
            """);

        var dropped = await ProbeMtuAsync(lab, "gateway.edge.lab");
        Assert.That(dropped.Ok, Is.False);
        Assert.That(dropped.Summary, Is.EqualTo("path MTU to gateway.edge.lab: no echo came back from UDP gateway.edge.lab:7, not even for a 1-byte datagram"));
        Assert.That(dropped.Fields.ContainsKey("pathMtu"), Is.False);

        var unknown = await ProbeMtuAsync(lab, "nosuch.edge.lab");
        Assert.That(unknown.Ok, Is.False);
        Assert.That(unknown.Summary, Is.EqualTo("path MTU to nosuch.edge.lab: no route to host (nothing answers UDP echo on nosuch.edge.lab:7)"));
    }
}
