using FaultLab.Verify;

namespace FaultLab.Tests.Verify.Checks;

public sealed class SettingsCheckTests
{
    [Test]
    public async Task PolicyKey_FailsWithoutNamingTheRequiredValue_AndPassesOnceSet()
    {
        var (check, context) = VerifyLab.Instance("  - policy: { forwarding.transport: dtls-with-tls-fallback }");

        var before = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(before.Passed, Is.False);
        Assert.That(before.Message, Is.EqualTo("policy forwarding.transport is 'dtls-only', which is not what this lab needs"));
        Assert.That(before.Name + before.Message, Does.Not.Contain("dtls-with-tls-fallback"));

        context.Policy.SetFromText("forwarding.transport", "dtls-with-tls-fallback");
        var after = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(after.Passed, Is.True, after.Message);
    }

    [Test]
    public async Task NestedMapping_ComparesEveryLeaf()
    {
        var (check, context) = VerifyLab.Instance("  - policy: { appProfile: { failOpen: { enabled: false, timeoutSeconds: 30 } } }");

        Assert.That((await check.EvaluateAsync(context, CancellationToken.None)).Passed, Is.True);
        context.Policy.SetFromText("appProfile.failOpen.enabled", "true");
        var result = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("policy appProfile.failOpen.enabled is true, which is not what this lab needs"));
    }

    [Test]
    public async Task DeviceNumberBelow_ChecksTheRange()
    {
        var check = VerifyLab.Check("  - device: clockOffsetSeconds\n    below: 300");
        var context = new FakeVerifyContext();
        Assert.That((await check.EvaluateAsync(context, CancellationToken.None)).Passed, Is.True);

        context.Device.SetFromText("clockOffsetSeconds", "412");
        var skewed = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(skewed.Passed, Is.False);
        Assert.That(skewed.Message, Is.EqualTo("device clockOffsetSeconds is 412, outside the range this lab needs"));
    }

    [Test]
    public async Task DeviceKeyWithExpect_ReadsTheChosenLaptop()
    {
        var check = VerifyLab.Check("  - device: diskEncryption\n    expect: true\n    laptop: laptop-02");
        var context = new FakeVerifyContext();
        var second = context.AddLaptop("laptop-02");
        second.Device.SetFromText("diskEncryption", "false");

        var result = await check.EvaluateAsync(context, CancellationToken.None);
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("device diskEncryption is false, which is not what this lab needs"));
    }

    [Test]
    public void UnknownKey_IsRefusedWithASuggestion()
    {
        var error = VerifyLab.ErrorOf("  - policy: { forwarding.transprt: tls }");
        Assert.That(error.Message, Does.StartWith("verify check 'policy': policy: unknown key 'forwarding.transprt' (did you mean 'forwarding.transport'?)"));
    }

    [Test]
    public void ValueOfTheWrongType_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - policy: { forwarding.tunnelMtu: small }");
        Assert.That(error.Message, Is.EqualTo("verify check 'policy': policy: 'forwarding.tunnelMtu' takes a number, got text"));
    }

    [Test]
    public void BoundOnText_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - policy: forwarding.transport\n    below: 3");
        Assert.That(error.Message, Is.EqualTo("verify check 'policy': policy 'forwarding.transport' is not a number, so below/above do not apply"));
    }

    [Test]
    public void LaptopOnPolicy_IsRefusedBecauseThePolicyIsShared()
    {
        var error = VerifyLab.ErrorOf("  - policy: { forwarding.transport: tls }\n    laptop: laptop-02");
        Assert.That(error.Message, Is.EqualTo("verify check 'policy': 'laptop' does not apply to a policy check"));
    }
}
