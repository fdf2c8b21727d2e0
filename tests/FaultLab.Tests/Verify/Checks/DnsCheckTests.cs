using System.Net;
using FaultLab.Verify;

namespace FaultLab.Tests.Verify.Checks;

public sealed class DnsCheckTests
{
    [Test]
    public async Task NameThatResolves_Passes_AndAFailureSaysHowItFailed()
    {
        var context = new FakeVerifyContext();
        context.Dns["hr.corp.lab"] = DnsLookup.Failed("hr.corp.lab", DnsLookupOutcome.ServerFailure);

        var failing = await VerifyLab.RunAsync("  - dns: hr.corp.lab", context);
        Assert.That(failing.Passed, Is.False);
        Assert.That(failing.Message, Is.EqualTo("hr.corp.lab does not resolve: SERVFAIL (the server failed)"));

        context.Dns["hr.corp.lab"] = DnsLookup.Resolved("hr.corp.lab", IPAddress.Parse("127.0.0.7"));
        var resolving = await VerifyLab.RunAsync("  - dns: hr.corp.lab", context);
        Assert.That(resolving.Passed, Is.True);
        Assert.That(resolving.Message, Is.EqualTo("hr.corp.lab resolves to 127.0.0.7"));
    }

    [Test]
    public async Task ExpectNxDomain_PassesOnlyWhenTheNameDoesNotExist()
    {
        var context = new FakeVerifyContext();
        Assert.That((await VerifyLab.RunAsync("  - dns: hr.corp.lab\n    expect: nxdomain", context)).Passed, Is.True);

        context.Dns["hr.corp.lab"] = DnsLookup.Resolved("hr.corp.lab", IPAddress.Parse("127.0.0.7"));
        var leaked = await VerifyLab.RunAsync("  - dns: hr.corp.lab\n    expect: nxdomain", context);
        Assert.That(leaked.Passed, Is.False);
        Assert.That(leaked.Message, Is.EqualTo("hr.corp.lab should not exist, but the lab DNS answers 127.0.0.7"));
    }

    [Test]
    public async Task ExpectAddress_FailsOnAWrongAnswer()
    {
        var context = new FakeVerifyContext();
        context.Dns["idp.lab"] = DnsLookup.Resolved("idp.lab", IPAddress.Parse("127.0.0.66"));

        var wrong = await VerifyLab.RunAsync("  - dns: idp.lab\n    expect: 127.0.0.1", context);
        Assert.That(wrong.Passed, Is.False);
        Assert.That(wrong.Message, Is.EqualTo("idp.lab resolves to 127.0.0.66, expected 127.0.0.1"));

        context.Dns["idp.lab"] = DnsLookup.Resolved("idp.lab", IPAddress.Loopback);
        Assert.That((await VerifyLab.RunAsync("  - dns: idp.lab\n    expect: [127.0.0.1]", context)).Passed, Is.True);
    }

    [Test]
    public void ExpectThatIsNeitherNxDomainNorAnAddress_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - dns: idp.lab\n    expect: somewhere");
        Assert.That(error.Message, Is.EqualTo("verify check 'dns': 'expect' must be nxdomain, resolves, or an IP address, got 'somewhere'"));
    }
}
