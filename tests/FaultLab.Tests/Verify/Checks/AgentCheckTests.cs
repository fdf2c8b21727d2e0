using FaultLab.Verify;

namespace FaultLab.Tests.Verify.Checks;

public sealed class AgentCheckTests
{
    [TestCase("Established over TLS")]
    [TestCase("Established over DTLS")]
    public async Task Established_AcceptsATunnelOverEitherTransport(string tunnel)
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Status = FakeAgent.Healthy with { Tunnel = tunnel };

        var result = await VerifyLab.RunAsync("  - agent: { authentication: Authenticated, internetSecurity: On, tunnel: established }", context);

        Assert.That(result.Passed, Is.True, result.Message);
        Assert.That(result.Points, Is.EqualTo(1));
        Assert.That(result.Message, Does.Contain(tunnel));
    }

    [Test]
    public async Task EstablishedTls_RefusesATunnelOverDtls()
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Status = FakeAgent.Healthy with { Tunnel = "Established over DTLS" };

        var result = await VerifyLab.RunAsync("  - agent: { tunnel: established-tls }", context);

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Points, Is.Zero);
        Assert.That(result.Message, Is.EqualTo("tunnel is Established over DTLS, expected established over TLS"));
    }

    [Test]
    public async Task TunnelDown_FailsSayingWhatIsWrongAndNotTheFix()
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Status = FakeAgent.Healthy with { Tunnel = "Down", InternetSecurity = "Off" };

        var result = await VerifyLab.RunAsync("  - agent: { authentication: Authenticated, internetSecurity: On, tunnel: established }", context);

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("Internet Security is Off, expected On; tunnel is Down, expected established"));
        Assert.That(result.Message, Does.Not.Contain("transport").And.Not.Contain("dtls-with-tls-fallback"));
    }

    [Test]
    public async Task NetworkAndEdgeCity_AreComparedCaseInsensitively()
    {
        var context = new FakeVerifyContext();
        var check = "  - agent: { network: offtrusted, edgeCity: frankfurt }";

        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);
        context.FakeAgent!.Status = FakeAgent.Healthy with { EdgeCity = "Sydney" };
        Assert.That((await VerifyLab.RunAsync(check, context)).Message, Is.EqualTo("edge city is Sydney, expected frankfurt"));
    }

    [Test]
    public async Task EdgeRoundTripBelow_FailsWhenTheEdgeIsFar()
    {
        var context = new FakeVerifyContext();
        var check = "  - agent: { edgeCity: Frankfurt }\n    below: 50";

        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);
        context.FakeAgent!.Status = FakeAgent.Healthy with { EdgeRttMs = 240 };
        var far = await VerifyLab.RunAsync(check, context);
        Assert.That(far.Passed, Is.False);
        Assert.That(far.Message, Is.EqualTo("edge round-trip time is 240 ms, expected below 50 ms"));
    }

    [Test]
    public async Task UniqueDeviceId_FailsWhileAnotherLaptopSharesIt()
    {
        var context = new FakeVerifyContext();
        var clone = context.AddLaptop("laptop-02");
        clone.FakeAgent!.Status = FakeAgent.Healthy;
        var check = "  - agent: { authentication: Authenticated, deviceId: unique }\n    laptop: laptop-02";

        var shared = await VerifyLab.RunAsync(check, context);
        Assert.That(shared.Passed, Is.False);
        Assert.That(shared.Message, Is.EqualTo("device id dev-01 is also used by laptop-01"));

        clone.FakeAgent.Status = FakeAgent.Healthy with { DeviceId = "dev-02" };
        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);
    }

    [Test]
    public async Task UnknownLaptop_FailsNamingTheLaptopsThereAre()
    {
        var result = await VerifyLab.RunAsync("  - agent: { tunnel: established }\n    laptop: laptop-09", new FakeVerifyContext());
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Does.Contain("no laptop 'laptop-09'").And.Contain("laptop-01"));
    }

    [Test]
    public async Task NoAgentRunning_Fails()
    {
        var context = new FakeVerifyContext { FakeAgent = null };
        var result = await VerifyLab.RunAsync("  - agent: { tunnel: established }", context);
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("no agent is running on laptop-01"));
    }

    [Test]
    public void UnknownField_IsRefusedWithTheLineAndASuggestion()
    {
        var error = VerifyLab.ErrorOf("  - agent: { tunel: established }");
        Assert.That(error.File, Is.EqualTo(VerifyLab.File));
        Assert.That(error.Line, Is.EqualTo(VerifyLab.FirstVerifyLine));
        Assert.That(error.Message, Does.StartWith("verify check 'agent': unknown agent field 'tunel' (did you mean 'tunnel'?)"));
    }

    [Test]
    public void ValueOutsideTheStatesTheAgentHas_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - agent: { tunnel: established }\n  - agent: { internetSecurity: Maybe }");
        Assert.That(error.Line, Is.EqualTo(VerifyLab.FirstVerifyLine + 1));
        Assert.That(error.Message, Is.EqualTo("verify check 'agent': agent field 'internetSecurity' must be one of On, Off, got 'Maybe'"));
    }

    [Test]
    public void ModifierThatDoesNotApply_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - agent: { tunnel: established }\n    polls: 3");
        Assert.That(error.ToString(), Is.EqualTo($"{VerifyLab.File}:{VerifyLab.FirstVerifyLine}:1: verify check 'agent': 'polls' does not apply to an agent check"));
    }

    [Test]
    public void Points_DefaultToOneAndCanBeGiven()
    {
        Assert.That(VerifyLab.Check("  - agent: { tunnel: established }").MaxPoints, Is.EqualTo(1));
        Assert.That(VerifyLab.Check("  - agent: { tunnel: established }\n    points: 3").MaxPoints, Is.EqualTo(3));
        Assert.That(VerifyLab.ErrorOf("  - agent: { tunnel: established }\n    points: -1").Message, Does.Contain("'points' must be at least 0"));
    }
}
