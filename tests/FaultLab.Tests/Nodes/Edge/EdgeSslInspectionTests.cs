using System.Net.Security;
using System.Text.Json.Nodes;
using FaultLab.Nodes.Edge;
using FaultLab.Nodes.Origins;
using FaultLab.Tests.Support;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>
/// SSL inspection at the edge as a client on the laptop sees it: through the tunnel and through a
/// proxy CONNECT, real HTTPS origins, the certificate the client is shown, and the policy changed at runtime.
/// </summary>
public sealed class EdgeSslInspectionTests
{
    private const string WebHost = "www.example.lab";
    private const string PinnedHost = "teams.example.lab";
    private const string UntrustedHost = "untrusted.example.lab";
    private const string EdgeInspectionIssuer = "FaultLab Edge Inspection CA";
    private const string PublicOriginIssuer = "FaultLab Public Origin CA";
    private const string PinnedOriginIssuer = "FaultLab Teams Origin CA";
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);

    private EdgeLab _lab = null!;
    private readonly List<WebOriginNode> _origins = [];

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = await EdgeLab.StartAsync(CancellationToken.None);
        _origins.Add(new WebOriginNode(new WebOriginOptions { Host = WebHost, ServeHttp = false }));
        _origins.Add(new WebOriginNode(new WebOriginOptions { Host = PinnedHost, Issuer = _lab.Pki.PinnedOrigin, ServeHttp = false }));
        // Signed by a CA the edge does not trust, as a compromised or misconfigured origin would be.
        _origins.Add(new WebOriginNode(new WebOriginOptions { Host = UntrustedHost, Issuer = _lab.Pki.AcmeProxy, ServeHttp = false }));
        foreach (var origin in _origins) await origin.StartAsync(_lab.Context, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        foreach (var origin in _origins) await origin.DisposeAsync();
        await _lab.DisposeAsync();
    }

    private SslInspectionCounters Counters => _lab.Edge.SslInspection;

    private System.Net.IPEndPoint ProxyPort => _lab.Resolve(EdgeNode.SharedGatewayHost, 9400, Transport.Tcp);

    private static JsonObject InspectionPolicy(bool enabled, params string[] bypass) => new()
    {
        ["sslInspection"] = new JsonObject
        {
            ["enabled"] = enabled,
            ["bypass"] = new JsonArray(bypass.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
        },
    };

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task Tunnel_HttpsToOrigin_IsReSignedByTheEdgeInspectionCaAndStillReachesTheOrigin(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab", "idp.lab");
        await using var tunnel = await _lab.ConnectAndHelloAsync(kind, $"inspect-{kind}", 2, timeout.Token);
        var inspectedBefore = Counters.InspectedFor(WebHost);

        var seen = await HttpsProbe.ThroughTunnelAsync(tunnel, WebHost, _lab.Pki.Root.Certificate, timeout.Token);

        Assert.That(seen.Issuer, Does.Contain(EdgeInspectionIssuer));
        Assert.That(seen.Errors, Is.EqualTo(SslPolicyErrors.None), "the laptop trusts the lab root, which signs the inspection CA");
        Assert.That(seen.Response, Does.StartWith("HTTP/1.1 200").And.Contain($"You reached {WebHost}."));
        Assert.That(seen.Response, Does.Contain($"{SiteHost.SeenFromHeader}: {EdgeLab.FraEgress}"), "the origin sees the edge's egress address");
        Assert.That(Counters.InspectedFor(WebHost), Is.EqualTo(inspectedBefore + 1));
    }

    [Test]
    public async Task Tunnel_HostAddedToBypassAtRuntime_NextConnectionShowsTheOriginsOwnIssuer()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab");
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Dtls, "bypass-runtime", 2, timeout.Token);
        var bypassedBefore = Counters.BypassedFor(WebHost);

        var before = await HttpsProbe.ThroughTunnelAsync(tunnel, WebHost, _lab.Pki.Root.Certificate, timeout.Token);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab", "*.example.lab");
        var after = await HttpsProbe.ThroughTunnelAsync(tunnel, WebHost, _lab.Pki.Root.Certificate, timeout.Token);

        Assert.That(before.Issuer, Does.Contain(EdgeInspectionIssuer));
        Assert.That(after.Issuer, Does.Contain(PublicOriginIssuer));
        Assert.That(after.Errors, Is.EqualTo(SslPolicyErrors.None));
        Assert.That(after.Response, Does.Contain($"You reached {WebHost}."));
        Assert.That(Counters.BypassedFor(WebHost), Is.EqualTo(bypassedBefore + 1));
    }

    [Test]
    public async Task Tunnel_PinnedOrigin_IsInspectedSoThePinnedClientRefusesIt_UntilItIsBypassed()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab");
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Dtls, "pinned", 2, timeout.Token);
        var pinnedRoot = _lab.Pki.PinnedOrigin.Certificate;

        var browser = await HttpsProbe.ThroughTunnelAsync(tunnel, PinnedHost, _lab.Pki.Root.Certificate, timeout.Token);
        var pinnedApp = await HttpsProbe.ThroughTunnelAsync(tunnel, PinnedHost, pinnedRoot, timeout.Token);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab", PinnedHost);
        var pinnedAppBypassed = await HttpsProbe.ThroughTunnelAsync(tunnel, PinnedHost, pinnedRoot, timeout.Token);

        Assert.That(browser.Issuer, Does.Contain(EdgeInspectionIssuer));
        Assert.That(browser.Response, Does.Contain($"You reached {PinnedHost}."), "the edge trusts the pinned origin's own root");
        Assert.That(pinnedApp.Issuer, Does.Contain(EdgeInspectionIssuer));
        Assert.That(pinnedApp.Errors, Does.Not.EqualTo(SslPolicyErrors.None));
        Assert.That(pinnedApp.Response, Is.Null, "a pinned client refuses the inspection certificate");
        Assert.That(pinnedAppBypassed.Issuer, Does.Contain(PinnedOriginIssuer));
        Assert.That(pinnedAppBypassed.Response, Does.Contain($"You reached {PinnedHost}."));
    }

    [Test]
    public async Task Tunnel_InspectionDisabled_ShowsTheOriginsOwnIssuer()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(false);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Tls, "disabled", 2, timeout.Token);
        var inspectedBefore = Counters.InspectedFor(WebHost);

        var seen = await HttpsProbe.ThroughTunnelAsync(tunnel, WebHost, _lab.Pki.Root.Certificate, timeout.Token);

        Assert.That(seen.Issuer, Does.Contain(PublicOriginIssuer));
        Assert.That(seen.Response, Does.Contain($"You reached {WebHost}."));
        Assert.That(Counters.InspectedFor(WebHost), Is.EqualTo(inspectedBefore));
    }

    [Test]
    public async Task Tunnel_OriginWithAnUntrustedChain_ClosesTheClientAndCountsTheReason()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(true);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Dtls, "untrusted", 2, timeout.Token);
        var failuresBefore = Counters.UpstreamFailures;

        var seen = await HttpsProbe.ThroughTunnelAsync(tunnel, UntrustedHost, _lab.Pki.Root.Certificate, timeout.Token);

        Assert.That(seen.Response, Is.Null, "the client never gets a certificate for an origin the edge could not validate");
        Assert.That(seen.Failure, Is.Not.Null);
        Assert.That(Counters.UpstreamFailures, Is.EqualTo(failuresBefore + 1));
        Assert.That(Counters.RecentFailures.Last(), Does.Contain(UntrustedHost).And.Contain("RemoteCertificateChainErrors").And.Contain("AcmeProxy Inspection CA"));
    }

    [Test]
    public async Task Tunnel_NotTlsOnPort443_WithInspectionOn_PassesThroughUntouched()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(true);
        await using var tunnel = await _lab.ConnectAndHelloAsync(TunnelTransportKind.Dtls, "not-tls", 2, timeout.Token);
        var notTlsBefore = Counters.NotTls;
        var sent = Enumerable.Range(0, 5000).Select(i => (byte)(i * 13)).ToArray();

        await using var stream = await tunnel.OpenStreamAsync(EdgeLab.EchoHost, 443, Transport.Tcp, timeout.Token);
        await stream.WriteAsync(sent, timeout.Token);
        var received = new byte[sent.Length];
        await stream.ReadExactlyAsync(received, timeout.Token);

        Assert.That(received, Is.EqualTo(sent));
        Assert.That(Counters.NotTls, Is.EqualTo(notTlsBefore + 1));
    }

    [Test]
    public async Task ProxyConnect_HttpsToOrigin_IsInspected_UntilTheHostIsBypassed()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab");

        var inspected = await HttpsProbe.ThroughProxyAsync(ProxyPort, WebHost, _lab.Pki.Root.Certificate, timeout.Token);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab", WebHost);
        var bypassed = await HttpsProbe.ThroughProxyAsync(ProxyPort, WebHost, _lab.Pki.Root.Certificate, timeout.Token);

        Assert.That(inspected.Issuer, Does.Contain(EdgeInspectionIssuer));
        Assert.That(inspected.Response, Does.Contain($"You reached {WebHost}.").And.Contain($"{SiteHost.SeenFromHeader}: {EdgeLab.FraEgress}"));
        Assert.That(bypassed.Issuer, Does.Contain(PublicOriginIssuer));
        Assert.That(bypassed.Response, Does.Contain($"You reached {WebHost}."));
    }

    [Test]
    public async Task ProxyConnect_PinnedOriginInspected_PinnedClientRefusesIt()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(true, "*.edge.lab");

        var pinnedApp = await HttpsProbe.ThroughProxyAsync(ProxyPort, PinnedHost, _lab.Pki.PinnedOrigin.Certificate, timeout.Token);

        Assert.That(pinnedApp.Issuer, Does.Contain(EdgeInspectionIssuer));
        Assert.That(pinnedApp.Response, Is.Null);
    }

    [Test]
    public async Task ProxyConnect_InspectionDisabled_ShowsTheOriginsOwnIssuer()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        _lab.Policy = InspectionPolicy(false, "*.edge.lab");

        var seen = await HttpsProbe.ThroughProxyAsync(ProxyPort, WebHost, _lab.Pki.Root.Certificate, timeout.Token);

        Assert.That(seen.Issuer, Does.Contain(PublicOriginIssuer));
        Assert.That(seen.Response, Does.Contain($"You reached {WebHost}."));
    }

    [Test]
    public async Task Curl_HttpsThroughTheProxy_IsInspectedAndGetsThePage()
    {
        ExternalTool.Require("curl");
        _lab.Policy = InspectionPolicy(true, "*.edge.lab");

        var curl = await ExternalTool.RunAsync("curl",
            ["-sS", "-v", "--proxy", $"http://127.0.0.1:{ProxyPort.Port}", "--cacert", _lab.RootPem, $"https://{WebHost}/"],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(curl.ExitCode, Is.Zero, curl.Error);
        Assert.That(curl.Output, Does.Contain($"You reached {WebHost}."));
        Assert.That(curl.Error, Does.Match($"issuer:.*{EdgeInspectionIssuer}"), "curl -v names the certificate's issuer");
    }

    [TestCase(true, EdgeInspectionIssuer)]
    [TestCase(false, PublicOriginIssuer)]
    public async Task OpensslSClient_ThroughTheProxy_PrintsTheIssuerThePolicyCallsFor(bool inspect, string expectedIssuer)
    {
        ExternalTool.Require("openssl");
        _lab.Policy = inspect ? InspectionPolicy(true, "*.edge.lab") : InspectionPolicy(true, "*.edge.lab", "*.example.lab");

        var result = await ExternalTool.RunAsync("openssl",
            ["s_client", "-proxy", $"127.0.0.1:{ProxyPort.Port}", "-connect", $"{WebHost}:443", "-servername", WebHost, "-CAfile", _lab.RootPem, "-verify_hostname", WebHost],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(result.Output, Does.Contain("Verify return code: 0 (ok)"), result.All);
        Assert.That(result.Output, Does.Match($"issuer=.*{expectedIssuer}"), result.Output);
    }
}
