using System.Net;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Http;
using FaultLab.Tests.Middleboxes.Http;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class CaptiveInterceptFaultTests : HttpLabFixture
{
    private static readonly IPAddress SignedInLaptop = IPAddress.Parse("127.0.0.2");

    private async Task<HttpMiddlebox> StartAsync()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new CaptiveInterceptFault());
        box.IsSignedIn = client => client.Equals(SignedInLaptop);
        return box;
    }

    [Test]
    public async Task NotSignedIn_PlainHttpIsRedirectedToThePortalLogin()
    {
        var box = await StartAsync();
        using var client = HttpLab.TransparentClient(box);

        using var response = await client.GetAsync("http://idp.lab/generate_204");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(response.Headers.Location, Is.EqualTo(new Uri("http://portal.lab/login")));
    }

    [Test]
    public async Task SignedIn_PlainHttpIsForwarded()
    {
        var box = await StartAsync();
        using var client = HttpLab.TransparentClient(box, from: SignedInLaptop);

        using var response = await client.GetAsync("http://idp.lab/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("hello from idp.lab over http"));
    }

    [Test]
    public async Task SigningInLater_TakesEffectOnTheNextRequest()
    {
        var box = await StartAsync();
        var signedIn = false;
        box.IsSignedIn = _ => signedIn;
        using var client = HttpLab.TransparentClient(box);

        using var before = await client.GetAsync("http://idp.lab/");
        signedIn = true;
        using var after = await client.GetAsync("http://idp.lab/");

        Assert.That((before.StatusCode, after.StatusCode), Is.EqualTo((HttpStatusCode.Found, HttpStatusCode.OK)));
    }

    [Test]
    public async Task NotSignedIn_ThePortalItselfStaysReachable()
    {
        var box = await StartAsync();
        using var client = HttpLab.TransparentClient(box);

        using var response = await client.GetAsync("http://portal.lab/login");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("portal login page"));
    }

    [Test]
    public async Task NotSignedIn_ConnectIsRefusedWith403()
    {
        var box = await StartAsync();

        Assert.That(await HttpMiddleboxTests.ExchangeAsync(box, "CONNECT idp.lab:443 HTTP/1.1\r\nHost: idp.lab:443\r\n\r\n"), Does.StartWith("HTTP/1.1 403 Forbidden"));
        Assert.That(box.Counters[HttpMiddleboxEvent.RefusedByFault], Is.EqualTo(1));
    }

    [Test]
    public async Task NotSignedIn_TransparentTlsIsReset_SignedInPassesThrough()
    {
        var box = await StartAsync();

        Assert.That(async () => await HttpMiddleboxTests.IssuerSeenAsync(box, "idp.lab"), Throws.InstanceOf<IOException>());
        using var signedIn = HttpLab.TransparentClient(box, Lab.Pki.PublicOrigin, from: SignedInLaptop);
        Assert.That(await signedIn.GetStringAsync("https://idp.lab/whoami"), Is.EqualTo("127.0.0.2"));
    }

    [Test]
    public async Task WithoutSignInSource_NobodyIsSignedIn()
    {
        var box = await StartAsync();
        box.IsSignedIn = null;
        using var client = HttpLab.TransparentClient(box, from: SignedInLaptop);

        using var response = await client.GetAsync("http://idp.lab/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
    }

    [TestCase("portalHost: '*.portal.lab'", "1:1: fault 'captive-intercept': 'portalHost' must be a host name, got '*.portal.lab'")]
    [TestCase("portalHost: 'http://portal.lab'", "1:1: fault 'captive-intercept': 'portalHost' must be a host name, got 'http://portal.lab'")]
    public void BadPortalHost_IsRefusedWithTheLocatedMessage(string parameter, string message)
    {
        var error = FaultYaml.ErrorOf($"kind: captive-intercept\nlink: internet\n{parameter}\n");

        Assert.That(error, Does.StartWith($"{FaultYaml.File}:{message}"));
    }
}
