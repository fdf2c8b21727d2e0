using FaultLab.Verify;

namespace FaultLab.Tests.Verify.Checks;

public sealed class ProbeCheckTests
{
    private const string Generate204 = "  - probe: { http: \"http://connectivitycheck.gstatic.lab/generate_204\" }\n    expect: 204";

    [Test]
    public async Task Http204_FailsBehindTheCaptivePortal_AndPassesAfterSignIn()
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Probe = (_, _) => new ProbeResult(true, "HTTP 302 to http://portal.lab/login") { StatusCode = 302 };

        var captive = await VerifyLab.RunAsync(Generate204, context);
        Assert.That(captive.Passed, Is.False);
        Assert.That(captive.Message, Is.EqualTo("the answer's status is 302, expected 204"));
        var (kind, arguments) = context.FakeAgent.ProbesRun.Single();
        Assert.That(kind, Is.EqualTo("http"));
        Assert.That(arguments["target"], Is.EqualTo("http://connectivitycheck.gstatic.lab/generate_204"));

        context.FakeAgent.Probe = (_, _) => new ProbeResult(true, "HTTP 204") { StatusCode = 204 };
        Assert.That((await VerifyLab.RunAsync(Generate204, context)).Passed, Is.True);
    }

    [Test]
    public async Task TlsIssuer_ComparesTheCertificateIssuer()
    {
        var context = new FakeVerifyContext();
        var check = "  - probe: { tls: \"idp.lab:443\" }\n    expect: { issuer: FaultLab Root CA }";

        context.FakeAgent!.Probe = (_, _) => new ProbeResult(true, "TLS 1.3 with idp.lab") { Issuer = "CN=AcmeProxy CA" };
        var resigned = await VerifyLab.RunAsync(check, context);
        Assert.That(resigned.Passed, Is.False);
        Assert.That(resigned.Message, Is.EqualTo("the certificate issuer is CN=AcmeProxy CA, expected FaultLab Root CA"));

        context.FakeAgent.Probe = (_, _) => new ProbeResult(true, "TLS 1.3 with idp.lab") { Issuer = "CN=FaultLab Root CA, O=FaultLab" };
        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);
    }

    [Test]
    public async Task NamedArgumentsAndHost_ReachTheAgent()
    {
        var context = new FakeVerifyContext();
        context.FakeAgent!.Probe = (_, _) => new ProbeResult(true, "path MTU 1400") { Fields = new Dictionary<string, string> { ["pathMtu"] = "1400" } };

        var result = await VerifyLab.RunAsync("  - probe: { mtu: { port: 443 } }\n    host: gateway.edge.lab\n    expect: { pathMtu: 1400 }", context);

        Assert.That(result.Passed, Is.True, result.Message);
        var arguments = context.FakeAgent.ProbesRun.Single().Arguments;
        Assert.That(arguments["host"], Is.EqualTo("gateway.edge.lab"));
        Assert.That(arguments["port"], Is.EqualTo("443"));
    }

    [Test]
    public async Task ExpectFail_PassesOnlyWhenTheProbeFails()
    {
        var context = new FakeVerifyContext();
        var check = "  - probe: { udp: \"gateway.edge.lab:443\" }\n    expect: fail";
        context.FakeAgent!.Probe = (_, _) => new ProbeResult(false, "no answer on UDP/443");
        Assert.That((await VerifyLab.RunAsync(check, context)).Passed, Is.True);
        context.FakeAgent.Probe = (_, _) => new ProbeResult(true, "answer on UDP/443");
        Assert.That((await VerifyLab.RunAsync(check, context)).Message, Is.EqualTo("the udp probe succeeds, but should not: answer on UDP/443"));
    }

    [Test]
    public void UnknownProbeKind_IsRefused()
    {
        var error = VerifyLab.ErrorOf("  - probe: { htp: \"http://x.lab/\" }");
        Assert.That(error.Message, Does.Contain("the probe kind must be one of tcp, udp, dns, tls, http, mtu, ipcheck, got 'htp' (did you mean 'http'?)"));
    }
}
