using FaultLab.Verify;

namespace FaultLab.Tests.Verify.Checks;

public sealed class FaultCheckTests
{
    [Test]
    public async Task WorldFaultStillActive_Passes_AndFailsOnceSwitchedOff()
    {
        var (check, context) = VerifyLab.Instance("  - fault: udp-drop\n    expect: active");

        var present = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(present.Passed, Is.True, present.Message);

        context.Fault("udp-drop").Active = false;
        var removed = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(removed.Passed, Is.False);
        Assert.That(removed.Message, Is.EqualTo("the world condition was taken away; the fix has to work while it is present"));
    }

    [Test]
    public async Task NameAndMessages_DoNotGiveTheDiagnosisAway()
    {
        var (check, context) = VerifyLab.Instance("  - fault: udp-drop");
        context.Fault("udp-drop").Active = false;

        var result = await check.EvaluateAsync(context, CancellationToken.None);

        Assert.That(result.Name, Is.EqualTo("the world condition is still present"));
        Assert.That(result.Name + result.Message, Does.Not.Contain("udp").And.Not.Contain("443"));
    }

    [Test]
    public async Task CustomerFaultExpectedInactive_FailsWhileItIsStillOn()
    {
        var (check, context) = VerifyLab.Instance("  - fault: dns-nxdomain\n    expect: inactive");

        var on = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(on.Passed, Is.False);
        Assert.That(on.Message, Is.EqualTo("the customer-side condition is still in place"));

        context.Fault("dns-nxdomain").Active = false;
        Assert.That((await check.EvaluateAsync(context, CancellationToken.None)).Passed, Is.True);
    }

    [Test]
    public void FaultTheLabDoesNotInject_IsRefusedWithASuggestion()
    {
        var error = VerifyLab.ErrorOf("  - fault: udp-dorp");
        Assert.That(error.Message, Is.EqualTo("verify check 'fault': the lab has no fault 'udp-dorp' (did you mean 'udp-drop'?); its faults are udp-drop, dns-nxdomain"));
    }

    [Test]
    public void ExpectOtherThanActiveOrInactive_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - fault: udp-drop\n    expect: gone");
        Assert.That(error.Message, Does.Contain("'expect' must be one of active, inactive, got 'gone'"));
    }
}
