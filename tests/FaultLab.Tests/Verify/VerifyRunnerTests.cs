using FaultLab.Labs;
using FaultLab.Tests.Support;
using FaultLab.Verify;

namespace FaultLab.Tests.Verify;

public sealed class VerifyRunnerTests
{
    private const string ThreeChecks = """
          - agent: { tunnel: established }
            points: 2
          - app: ipcheck
            expect: connected
          - fault: udp-drop
        """;

    [Test]
    public async Task Report_ScoresPartialCreditInFileOrder()
    {
        var lab = VerifyLab.With(ThreeChecks);
        var context = new FakeVerifyContext(lab);
        context.FakeAgent!.Apps["ipcheck"] = new AppResult("ipcheck", true, "not through the edge") { Connected = false };
        var at = new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);
        var runner = new VerifyRunner(new VerifyOptions { Clock = new ManualClock(at) });

        var report = await runner.RunAsync(lab, "class-a-07", context, CancellationToken.None);

        Assert.That(report.Lab, Is.EqualTo("verify-sample"));
        Assert.That(report.Instance, Is.EqualTo("class-a-07"));
        Assert.That(report.At, Is.EqualTo(at));
        Assert.That(report.Checks.Select(c => c.Passed), Is.EqualTo(new[] { true, false, true }));
        Assert.That(report.Checks[0].Name, Is.EqualTo("agent tunnel=established"));
        Assert.That(report.Passed, Is.False);
        Assert.That(report.Score, Is.EqualTo(3));
        Assert.That(report.MaxScore, Is.EqualTo(4));
    }

    [Test]
    public async Task HungAgent_FailsThatCheckByTimeout_AndTheRestStillRun()
    {
        var lab = VerifyLab.With(ThreeChecks);
        var context = new FakeVerifyContext(lab);
        context.FakeAgent!.Hangs = true;
        var runner = new VerifyRunner(new VerifyOptions { CheckTimeout = TimeSpan.FromMilliseconds(100) });

        var report = await runner.RunAsync(lab, "i1", context, CancellationToken.None);

        Assert.That(report.Checks[0].Passed, Is.False);
        Assert.That(report.Checks[0].Message, Is.EqualTo("no answer within 0.1 s"));
        Assert.That(report.Checks[2].Passed, Is.True, "the fault check after it still ran");
    }

    [Test]
    public async Task AgentThatThrows_FailsWithItsReason()
    {
        var lab = VerifyLab.With("  - probe: { tcp: \"gateway.edge.lab:443\" }");
        var context = new FakeVerifyContext(lab);
        context.FakeAgent!.Probe = (_, _) => throw new InvalidOperationException("the agent service is not running");

        var report = await new VerifyRunner().RunAsync(lab, "i1", context, CancellationToken.None);

        Assert.That(report.Checks.Single().Message, Is.EqualTo("could not be checked: the agent service is not running"));
    }

    [Test]
    public void CallerCancelling_StopsTheRun()
    {
        var lab = VerifyLab.With(ThreeChecks);
        var context = new FakeVerifyContext(lab);
        context.FakeAgent!.Hangs = true;
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.CatchAsync<OperationCanceledException>(() => new VerifyRunner().RunAsync(lab, "i1", context, stop.Token));
    }

    [Test]
    public void BadEntry_IsRefusedBeforeAnythingRuns()
    {
        var lab = VerifyLab.With("  - app: ipcheck\n    expect: connected\n    within: 3");
        var error = Assert.ThrowsAsync<LabFileException>(() => new VerifyRunner().RunAsync(lab, "i1", new FakeVerifyContext(lab), CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo($"{VerifyLab.File}:{VerifyLab.FirstVerifyLine}:1: verify check 'app': 'within' does not apply to an app check"));
    }

    [Test]
    public void Registry_KnowsEveryKindALabMayUse()
    {
        Assert.That(VerifyCheckRegistry.Standard.Kinds, Is.EquivalentTo(VerifySpec.Kinds));
    }
}
