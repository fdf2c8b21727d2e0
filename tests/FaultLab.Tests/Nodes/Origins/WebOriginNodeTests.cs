using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using FaultLab.Nodes.Origins;
using FaultLab.Tests.Support;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Origins;

public sealed class WebOriginNodeTests
{
    private TestNodeContext _world = null!;
    private WebOriginNode _www = null!;
    private WebOriginNode _teams = null!;
    private string _pemDirectory = null!;

    [SetUp]
    public async Task StartSites()
    {
        _world = new TestNodeContext();
        _www = new WebOriginNode(new WebOriginOptions { Host = "www.example.lab" });
        _teams = new WebOriginNode(new WebOriginOptions { Host = "teams.example.lab", Issuer = _world.Pki.PinnedOrigin, Title = "Teams" });
        await _www.StartAsync(_world.Context, CancellationToken.None);
        await _teams.StartAsync(_world.Context, CancellationToken.None);
        _pemDirectory = Path.Combine(Path.GetTempPath(), "faultlab-origins-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public async Task StopSites()
    {
        await _www.DisposeAsync();
        await _teams.DisposeAsync();
        _world.Dispose();
        if (Directory.Exists(_pemDirectory)) Directory.Delete(_pemDirectory, recursive: true);
    }

    [Test]
    public async Task Https_ChainsToTheLabRoot_AndThePageNamesTheHost()
    {
        using var client = LabHttpClient.Create(_world.Directory, _world.Pki.Root.Certificate);
        using var response = await client.GetAsync("https://www.example.lab/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<title>www.example.lab</title>"));
    }

    [Test]
    public async Task SeenFromHeader_EchoesTheSourceAddress()
    {
        using var first = LabHttpClient.Create(_world.Directory, _world.Pki.Root.Certificate);
        using var second = LabHttpClient.Create(_world.Directory, _world.Pki.Root.Certificate, IPAddress.Parse("127.0.0.3"));
        using var fromFirst = await first.GetAsync("https://www.example.lab/healthz");
        using var fromSecond = await second.GetAsync("http://www.example.lab/healthz");

        Assert.That(fromFirst.Headers.GetValues("X-FaultLab-Seen-From"), Is.EqualTo(new[] { "127.0.0.1" }));
        Assert.That(fromSecond.Headers.GetValues("X-FaultLab-Seen-From"), Is.EqualTo(new[] { "127.0.0.3" }));
        Assert.That(await fromSecond.Content.ReadAsStringAsync(), Is.EqualTo("ok\n"));
    }

    [Test]
    public async Task PinnedApp_ChainsToItsOwnIssuerAndNotToTheLabRoot()
    {
        using var trustsLabRoot = LabHttpClient.Create(_world.Directory, _world.Pki.Root.Certificate);
        using var trustsPinnedIssuer = LabHttpClient.Create(_world.Directory, _world.Pki.PinnedOrigin.Certificate);

        var rejected = Assert.ThrowsAsync<HttpRequestException>(() => trustsLabRoot.GetAsync("https://teams.example.lab/"));
        using var accepted = await trustsPinnedIssuer.GetAsync("https://teams.example.lab/");

        Assert.That(rejected!.InnerException, Is.InstanceOf<AuthenticationException>());
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await accepted.Content.ReadAsStringAsync(), Does.Contain("<title>Teams</title>"));
    }

    [Test]
    public async Task Curl_VerifiesEachSiteAgainstItsIssuerOnly()
    {
        var pem = _world.Pki.ExportPublic(_pemDirectory);
        var www = _world.EndPointOf("www.example.lab", 443).Port;
        var teams = _world.EndPointOf("teams.example.lab", 443).Port;

        var wwwWithRoot = await CurlAsync(pem["root"], "www.example.lab", www);
        var teamsWithRoot = await CurlAsync(pem["root"], "teams.example.lab", teams);
        var teamsWithPinned = await CurlAsync(pem["pinned-origin"], "teams.example.lab", teams);

        Assert.That(wwwWithRoot.ExitCode, Is.EqualTo(0), wwwWithRoot.ToString());
        Assert.That(wwwWithRoot.Output, Does.Contain("www.example.lab"), wwwWithRoot.ToString());
        Assert.That(teamsWithRoot.ExitCode, Is.EqualTo(60), "curl exit 60: peer certificate cannot be authenticated\n" + teamsWithRoot);
        Assert.That(teamsWithPinned.ExitCode, Is.EqualTo(0), teamsWithPinned.ToString());
    }

    [Test]
    public void Start_RegistersHttpsAndHttpUnderTheLabName()
    {
        var https = _world.EndPointOf("www.example.lab", 443);
        var http = _world.EndPointOf("www.example.lab", 80);

        Assert.That(https.Port, Is.Not.EqualTo(http.Port));
        Assert.That(_www.Endpoints.Select(e => e.Service), Is.EquivalentTo(new[] { "www.example.lab:443/tcp", "www.example.lab:80/tcp" }));
        Assert.That(_world.Directory.AddressOf("teams.example.lab"), Is.EqualTo(IPAddress.Loopback));
        Assert.That(_www.Role, Is.EqualTo("origin"));
    }

    private static Task<ExternalToolResult> CurlAsync(string caFile, string host, int port) =>
        ExternalTool.RunAsync("curl", ["-sS", "--max-time", "5", "--cacert", caFile, "--resolve", $"{host}:{port}:127.0.0.1", $"https://{host}:{port}/"]);
}
