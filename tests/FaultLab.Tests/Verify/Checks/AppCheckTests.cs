using FaultLab.Verify;

namespace FaultLab.Tests.Verify.Checks;

public sealed class AppCheckTests
{
    private const string NotThroughEdge = "The request received from you didn't come from an edge IP therefore you are NOT going through the edge service.";
    private const string ThroughEdge = "You are accessing the Internet via FaultLab Edge: Frankfurt in the faultlab cloud.";

    [Test]
    public async Task IpcheckConnected_PassesOnlyThroughTheEdge()
    {
        var context = new FakeVerifyContext();
        var check = "  - app: ipcheck\n    expect: connected";

        context.FakeAgent!.Apps["ipcheck"] = new AppResult("ipcheck", true, NotThroughEdge) { Connected = false };
        var direct = await VerifyLab.RunAsync(check, context);
        Assert.That(direct.Passed, Is.False);
        Assert.That(direct.Message, Is.EqualTo($"ipcheck: the traffic does not go through the edge: {NotThroughEdge}"));

        context.FakeAgent.Apps["ipcheck"] = new AppResult("ipcheck", true, ThroughEdge) { Connected = true, City = "Frankfurt" };
        var tunnelled = await VerifyLab.RunAsync(check, context);
        Assert.That(tunnelled.Passed, Is.True);
        Assert.That(tunnelled.Message, Does.Contain(ThroughEdge));
    }

    [Test]
    public async Task AppThatFails_FailsWithWhatTheUserSees()
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Apps["hr"] = new AppResult("hr", false, "connection timed out");
        var result = await VerifyLab.RunAsync("  - app: hr", context);
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("hr does not work: connection timed out"));
    }

    [Test]
    public async Task Denied_PassesOnlyForAPolicyRefusal()
    {
        var context = new FakeVerifyContext();
        var check = "  - app: hr\n    expect: denied";

        context.FakeAgent!.Apps["hr"] = new AppResult("hr", false, "timed out");
        Assert.That((await VerifyLab.RunAsync(check, context)).Message, Is.EqualTo("hr fails, but not by a denial: timed out"));
        context.FakeAgent.Apps["hr"] = new AppResult("hr", true, "HR portal");
        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.False);
        context.FakeAgent.Apps["hr"] = new AppResult("hr", false, "blocked by posture") { Denied = true };
        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);
    }

    [Test]
    public async Task TeamsLossBelow_ComparesTheMeasuredMediaLoss()
    {
        var context = new FakeVerifyContext();
        var check = "  - app: teams\n    below: 1";

        context.FakeAgent!.Apps["teams"] = new AppResult("teams", true, "call connected") { LossPercent = 12.5 };
        var lossy = await VerifyLab.RunAsync(check, context);
        Assert.That(lossy.Passed, Is.False);
        Assert.That(lossy.Message, Is.EqualTo("teams: media loss is 12.5 %, expected below 1 %"));

        context.FakeAgent.Apps["teams"] = new AppResult("teams", true, "call connected") { LossPercent = 0.2 };
        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);

        context.FakeAgent.Apps["teams"] = new AppResult("teams", true, "call connected");
        Assert.That((await VerifyLab.RunAsync(check, context)).Message, Is.EqualTo("teams measured no media loss figure"));
    }

    [Test]
    public async Task IssuerExpectation_MatchesTheCommonNameButNotALookalike()
    {
        var context = new FakeVerifyContext();
        var check = "  - app: teams\n    expect: { issuer: FaultLab Origin CA }";

        context.FakeAgent!.Apps["teams"] = new AppResult("teams", true, "signed in") { Issuer = "CN=AcmeProxy Origin CA, O=AcmeProxy" };
        var inspected = await VerifyLab.RunAsync(check, context);
        Assert.That(inspected.Passed, Is.False);
        Assert.That(inspected.Message, Is.EqualTo("teams: issuer is 'CN=AcmeProxy Origin CA, O=AcmeProxy', expected 'FaultLab Origin CA'"));

        context.FakeAgent.Apps["teams"] = new AppResult("teams", true, "signed in") { Issuer = "CN=FaultLab Origin CA, O=FaultLab" };
        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);
    }

    [Test]
    public void UnknownApp_IsRefusedWithASuggestion()
    {
        var error = VerifyLab.ErrorOf("  - app: ipchek");
        Assert.That(error.Message, Does.Contain("'app' must be one of browser, ipcheck, teams, ssh, hr, update, got 'ipchek' (did you mean 'ipcheck'?)"));
    }

    [Test]
    public void UnknownExpectation_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - app: ipcheck\n    expect: conected");
        Assert.That(error.Message, Does.Contain("(did you mean 'connected'?)"));
    }
}
