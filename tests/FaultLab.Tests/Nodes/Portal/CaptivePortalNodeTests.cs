using System.Net;
using System.Net.Http;
using System.Text.Json;
using FaultLab.Nodes.Portal;
using FaultLab.Tests.Nodes.Origins;
using FaultLab.Tests.Support;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Portal;

public sealed class CaptivePortalNodeTests
{
    private static readonly IPAddress SecondClient = IPAddress.Parse("127.0.0.2");
    private const string AndroidProbe = "http://connectivitycheck.gstatic.lab/generate_204";

    private TestNodeContext _world = null!;
    private ManualClock _clock = null!;
    private CaptivePortalNode _portal = null!;

    [SetUp]
    public async Task StartPortal()
    {
        _world = new TestNodeContext();
        _clock = new ManualClock(DateTimeOffset.UtcNow);
        _portal = new CaptivePortalNode();
        await _portal.StartAsync(_world.Context with { Clock = _clock }, CancellationToken.None);
    }

    [TearDown]
    public async Task StopPortal()
    {
        await _portal.DisposeAsync();
        _world.Dispose();
    }

    [Test]
    public async Task Curl_LoginThenProbe_Answers204ForThatClientOnly()
    {
        var port = _world.EndPointOf("connectivitycheck.gstatic.lab", 80).Port;
        string[] probe = ["-sI", "--max-time", "5", "--resolve", $"connectivitycheck.gstatic.lab:{port}:127.0.0.1", $"http://connectivitycheck.gstatic.lab:{port}/generate_204"];

        var before = await ExternalTool.RunAsync("curl", probe);
        var login = await ExternalTool.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-d", "accept=yes",
            "--resolve", $"portal.lab:{port}:127.0.0.1", $"http://portal.lab:{port}/login"]);
        var after = await ExternalTool.RunAsync("curl", probe);
        var otherClient = await ExternalTool.RunAsync("curl", ["--interface", SecondClient.ToString(), .. probe]);

        Assert.That(StatusLine(before), Does.StartWith("HTTP/1.1 302"), before.ToString());
        Assert.That(before.Output, Does.Contain("Location: http://portal.lab/login").IgnoreCase, before.ToString());
        Assert.That(login.Output, Is.EqualTo("303"), login.ToString());
        Assert.That(StatusLine(after), Does.StartWith("HTTP/1.1 204"), after.ToString());
        Assert.That(StatusLine(otherClient), Does.StartWith("HTTP/1.1 302"), otherClient.ToString());
    }

    [Test]
    public async Task Login_ThenProbe_Answers204ForThatClientOnly()
    {
        using var first = LabHttpClient.Create(_world.Directory);
        using var second = LabHttpClient.Create(_world.Directory, localAddress: SecondClient);

        using var before = await first.GetAsync(AndroidProbe);
        using var login = await first.PostAsync("http://portal.lab/login", new FormUrlEncodedContent([new("accept", "yes")]));
        using var after = await first.GetAsync(AndroidProbe);
        using var other = await second.GetAsync(AndroidProbe);

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(before.Headers.Location, Is.EqualTo(new Uri("http://portal.lab/login")));
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await after.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(_portal.IsSignedIn(IPAddress.Loopback), Is.True);
        Assert.That(_portal.IsSignedIn(SecondClient), Is.False);
    }

    [Test]
    public async Task Probes_BeforeLogin_AreRedirectedAndAfterLogin_AnswerLikeTheRealOnes()
    {
        using var client = LabHttpClient.Create(_world.Directory);
        string[] probes = ["http://captive.apple.lab/hotspot-detect.html", "http://www.msftconnecttest.lab/connecttest.txt", "http://portal.lab/anything"];
        foreach (var url in probes)
        {
            using var captive = await client.GetAsync(url);
            Assert.That(captive.StatusCode, Is.EqualTo(HttpStatusCode.Found), url);
        }

        _portal.SignIn(IPAddress.Loopback);
        using var apple = await client.GetAsync(probes[0]);
        using var windows = await client.GetAsync(probes[1]);

        Assert.That(apple.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await apple.Content.ReadAsStringAsync(), Is.EqualTo("<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"));
        Assert.That(await windows.Content.ReadAsStringAsync(), Is.EqualTo("Microsoft Connect Test"));
    }

    [Test]
    public async Task LoginPage_IsReachableWhileCaptive_AndOffersTheForm()
    {
        using var client = LabHttpClient.Create(_world.Directory);
        using var page = await client.GetAsync("http://portal.lab/login");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<form method=\"post\" action=\"/login\">"));
        Assert.That(html, Does.Contain("name=\"accept\" value=\"yes\""));
    }

    [Test]
    public async Task CaptiveApi_OverHttps_FlipsFromCaptiveToNotCaptiveAfterLogin()
    {
        using var client = LabHttpClient.Create(_world.Directory, _world.Pki.Root.Certificate);

        using var before = await client.GetAsync("https://portal.lab/captive");
        var beforeJson = JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement;
        using var login = await client.PostAsync("https://portal.lab/login", new FormUrlEncodedContent([new("accept", "yes")]));
        _clock.Advance(TimeSpan.FromMinutes(10));
        using var after = await client.GetAsync("https://portal.lab/captive");
        var afterJson = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement;

        Assert.That(before.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/captive+json"));
        Assert.That(beforeJson.GetProperty("captive").GetBoolean(), Is.True);
        Assert.That(beforeJson.GetProperty("user-portal-url").GetString(), Is.EqualTo("https://portal.lab/login"));
        Assert.That(beforeJson.TryGetProperty("seconds-remaining", out _), Is.False);
        Assert.That(afterJson.GetProperty("captive").GetBoolean(), Is.False);
        Assert.That(afterJson.GetProperty("seconds-remaining").GetInt64(), Is.EqualTo(50 * 60));
        Assert.That(afterJson.GetProperty("can-extend-session").GetBoolean(), Is.True);
    }

    [Test]
    public async Task NetworkNotHoldingClients_EveryClientIsOnline_UntilItHoldsThemAgain()
    {
        var holds = false;
        using var world = new TestNodeContext();
        await using var portal = new CaptivePortalNode(new CaptivePortalOptions { HoldsClients = () => holds });
        await portal.StartAsync(world.Context, CancellationToken.None);
        using var client = LabHttpClient.Create(world.Directory);

        using var open = await client.GetAsync(AndroidProbe);
        var api = JsonDocument.Parse(await client.GetStringAsync("http://portal.lab/captive")).RootElement;
        holds = true;
        using var captive = await client.GetAsync(AndroidProbe);

        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(api.GetProperty("captive").GetBoolean(), Is.False);
        Assert.That(captive.StatusCode, Is.EqualTo(HttpStatusCode.Found), "nobody signed in while the network held no one");
    }

    [Test]
    public async Task CaptiveApi_OverPlainHttp_AnswersToo()
    {
        using var client = LabHttpClient.Create(_world.Directory);
        using var response = await client.GetAsync("http://portal.lab/captive");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/captive+json"));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("captive").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Session_AfterItsTtl_IsCaptiveAgain()
    {
        using var client = LabHttpClient.Create(_world.Directory);
        using var login = await client.PostAsync("http://portal.lab/login", new FormUrlEncodedContent([new("accept", "yes")]));

        _clock.Advance(TimeSpan.FromMinutes(59));
        using var stillOnline = await client.GetAsync(AndroidProbe);
        _clock.Advance(TimeSpan.FromMinutes(2));
        using var expired = await client.GetAsync(AndroidProbe);

        Assert.That(stillOnline.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Found));
    }

    [Test]
    public async Task SignOutAndReset_MakeClientsCaptiveAgain_AndSignInsAreCounted()
    {
        var announced = new List<IPAddress>();
        _portal.SignedIn += announced.Add;
        using var first = LabHttpClient.Create(_world.Directory);
        using var second = LabHttpClient.Create(_world.Directory, localAddress: SecondClient);
        using var a = await first.PostAsync("http://portal.lab/login", new StringContent(""));
        using var b = await second.PostAsync("http://portal.lab/login", new FormUrlEncodedContent([new("accept", "yes")]));

        Assert.That(_portal.SignOut(IPAddress.Loopback), Is.True);
        using var afterSignOut = await first.GetAsync(AndroidProbe);
        using var secondStillOnline = await second.GetAsync(AndroidProbe);
        _portal.Reset();
        using var afterReset = await second.GetAsync(AndroidProbe);

        Assert.That(afterSignOut.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(secondStillOnline.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(afterReset.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(_portal.SignIns, Is.EqualTo(2));
        Assert.That(announced, Is.EquivalentTo(new[] { IPAddress.Loopback, SecondClient }));
    }

    [Test]
    public void Start_RegistersThePortalAndTheProbeNames()
    {
        var http = _world.EndPointOf("portal.lab", 80);
        Assert.That(_world.EndPointOf("portal.lab", 443), Is.Not.EqualTo(http));
        foreach (var probeHost in new[] { "connectivitycheck.gstatic.lab", "captive.apple.lab", "www.msftconnecttest.lab" })
            Assert.That(_world.EndPointOf(probeHost, 80), Is.EqualTo(http), probeHost);
        Assert.That(_world.Directory.TryResolve(new ServiceAddress("captive.apple.lab", 443, Transport.Tcp), out _), Is.False);
    }

    private static string StatusLine(ExternalToolResult run) => run.Output.Split('\n')[0].Trim();
}
