using FaultLab.Labs;
using FaultLab.Verify;

namespace FaultLab.Tests.Verify;

/// <summary>The catalogue's own verify lists: they build, fail in the broken world, pass in the fixed one, and never print the fix.</summary>
public sealed class LabCatalogueVerifyTests
{
    private static LabCatalog Catalogue() =>
        LabCatalog.Load(LabCatalog.DefaultDirectory() ?? throw new InvalidOperationException("the labs directory was not found above the test run"));

    [Test]
    public void EveryLabsVerifyList_Builds()
    {
        var catalogue = Catalogue();
        Assert.That(catalogue.Labs, Is.Not.Empty);
        foreach (var lab in catalogue.Labs)
            Assert.That(VerifyCheckRegistry.Standard.Build(lab), Has.Count.EqualTo(lab.Verify.Count), lab.Id);
    }

    [Test]
    public async Task TunnelUdpBlocked_FailsWhileBroken_PassesOnceWorkedAround()
    {
        var lab = Catalogue().Find("tunnel-udp-blocked")!;
        var context = new FakeVerifyContext(lab);
        var agent = context.FakeAgent!;
        agent.Status = FakeAgent.Healthy with { Tunnel = "Connecting", InternetSecurity = "On" };
        agent.Apps["ipcheck"] = new AppResult("ipcheck", false, "connection timed out");

        var broken = await new VerifyRunner().RunAsync(lab, "i1", context, CancellationToken.None);
        Assert.That(broken.Passed, Is.False);
        AssertNoFixIn(broken, lab);

        agent.Status = FakeAgent.Healthy with { Tunnel = "Established over TLS" };
        agent.Apps["ipcheck"] = new AppResult("ipcheck", true, "You are accessing the Internet via FaultLab Edge: Frankfurt in the faultlab cloud.") { Connected = true };
        var fixedUp = await new VerifyRunner().RunAsync(lab, "i1", context, CancellationToken.None);
        Assert.That(fixedUp.Passed, Is.True, string.Join("\n", fixedUp.Checks.Select(c => $"{c.Name}: {c.Message}")));

        context.Fault("udp-drop").Active = false;
        var removed = await new VerifyRunner().RunAsync(lab, "i1", context, CancellationToken.None);
        Assert.That(removed.Passed, Is.False, "switching the world fault off is not the fix");
    }

    [Test]
    public async Task CaptivePortal_FailsWhileCaptive_PassesAfterSignIn()
    {
        var lab = Catalogue().Find("captive-portal")!;
        var context = new FakeVerifyContext(lab);
        var agent = context.FakeAgent!;
        agent.Status = FakeAgent.Healthy with { Network = "CaptivePortal", Tunnel = "Down" };
        agent.Probe = (_, _) => new ProbeResult(true, "HTTP 302 to the hotel login page") { StatusCode = 302 };

        var broken = await new VerifyRunner().RunAsync(lab, "i1", context, CancellationToken.None);
        Assert.That(broken.Checks.Select(c => c.Passed), Is.EqualTo(new[] { false, false, true }));
        AssertNoFixIn(broken, lab);

        agent.Status = FakeAgent.Healthy;
        agent.Probe = (_, _) => new ProbeResult(true, "HTTP 204") { StatusCode = 204 };
        var signedIn = await new VerifyRunner().RunAsync(lab, "i1", context, CancellationToken.None);
        Assert.That(signedIn.Passed, Is.True, string.Join("\n", signedIn.Checks.Select(c => $"{c.Name}: {c.Message}")));
    }

    /// <summary>No check name or message contains a solution step, nor the value a step sets or the action it runs.</summary>
    private static void AssertNoFixIn(VerifyReport report, LabDefinition lab)
    {
        var giveaways = lab.Solution.SelectMany(step => new[] { step, step.Split(' ')[^1] }).ToArray();
        foreach (var check in report.Checks)
            foreach (var text in giveaways)
                Assert.That(check.Name + " " + check.Message, Does.Not.Contain(text).IgnoreCase, $"check '{check.Name}' gives away '{text}'");
    }
}
