using FaultLab.Verify;
using FaultLab.Verify.Checks;

namespace FaultLab.Tests.Verify.Checks;

public sealed class StableCheckTests
{
    private static readonly VerifyOptions Fast = new() { StablePollInterval = TimeSpan.FromMilliseconds(5) };
    private const string OnTrustedFivePolls = "  - stable: { agent: { network: OnTrusted } }\n    polls: 5";

    private static AgentStatus Network(string network) => FakeAgent.Healthy with { Network = network };

    [Test]
    public async Task HoldsForEveryPoll_PassesAfterExactlyThatManyPolls()
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Status = Network("OnTrusted");

        var result = await VerifyLab.Check(OnTrustedFivePolls, Fast).EvaluateAsync(context, CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.Message);
        Assert.That(context.FakeAgent.StatusCalls, Is.EqualTo(5));
        Assert.That(result.Message, Is.EqualTo("held for 5 polls in a row: network OnTrusted"));
    }

    [Test]
    public async Task FlapsOnTheFourthPoll_FailsSayingHowLongItHeld()
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Then(Network("OnTrusted"), Network("OnTrusted"), Network("OnTrusted"), Network("OffTrusted"));
        context.FakeAgent.Status = Network("OnTrusted");

        var result = await VerifyLab.Check(OnTrustedFivePolls, Fast).EvaluateAsync(context, CancellationToken.None);

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("held for 3 of 5 polls, then: network is OffTrusted, expected OnTrusted"));
        Assert.That(context.FakeAgent.StatusCalls, Is.EqualTo(4), "stops at the first poll that fails");
    }

    [Test]
    public async Task PassesOnlyOnceNConsecutivePollsHold()
    {
        var context = new FakeVerifyContext();
        var check = VerifyLab.Check("  - stable: { agent: { network: OnTrusted } }\n    polls: 3", Fast);
        // Four answers: a flap on the second poll fails the first run; the second run sees three in a row.
        context.FakeAgent!.Then(Network("OnTrusted"), Network("OffTrusted"));
        context.FakeAgent.Status = Network("OnTrusted");

        Assert.That((await check.EvaluateAsync(context, CancellationToken.None)).Passed, Is.False);
        Assert.That((await check.EvaluateAsync(context, CancellationToken.None)).Passed, Is.True);
        Assert.That(context.FakeAgent.StatusCalls, Is.EqualTo(2 + 3));
    }

    [Test]
    public void PollsDefaultAndPointsBelongToTheStableEntry()
    {
        var check = (StableCheck)VerifyLab.Check("  - stable: { dns: hr.corp.lab }\n    points: 2");
        Assert.That(check.Polls, Is.EqualTo(StableCheck.DefaultPolls));
        Assert.That(check.MaxPoints, Is.EqualTo(2));
        Assert.That(check.Name, Is.EqualTo("stable over 3 polls: dns hr.corp.lab resolves"));

        Assert.That(VerifyLab.ErrorOf("  - stable: { dns: hr.corp.lab, points: 2 }").Message,
            Is.EqualTo("verify check 'stable': 'points' belongs on the stable entry, not on the check it repeats"));
    }

    [Test]
    public void InnerCheckErrors_AreLocatedAtTheStableEntry()
    {
        var error = VerifyLab.ErrorOf("  - stable: { agent: { netwrk: OnTrusted } }\n    polls: 4");
        Assert.That(error.Line, Is.EqualTo(VerifyLab.FirstVerifyLine));
        Assert.That(error.Message, Does.StartWith("verify check 'agent': unknown agent field 'netwrk' (did you mean 'network'?)"));
        Assert.That(VerifyLab.ErrorOf("  - stable: { agent: { network: OnTrusted } }\n    polls: 1").Message,
            Is.EqualTo("verify check 'stable': 'polls' must be between 2 and 60, got 1"));
    }

    [Test]
    public void TimeLimit_CoversEveryPollAndPause()
    {
        var check = VerifyLab.Check(OnTrustedFivePolls, new VerifyOptions { StablePollInterval = TimeSpan.FromSeconds(1) });
        Assert.That(check.TimeLimit(TimeSpan.FromSeconds(10)), Is.EqualTo(TimeSpan.FromSeconds(5 * 10 + 4)));
    }
}
