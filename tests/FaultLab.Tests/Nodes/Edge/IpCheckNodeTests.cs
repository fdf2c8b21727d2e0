using System.Net;
using FaultLab.Nodes.Edge;
using FaultLab.Tests.Support;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The ip-check page, visited directly and through the tunnel.</summary>
public sealed class IpCheckNodeTests
{
    private EdgeLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await EdgeLab.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [Test]
    public async Task Direct_HttpRequest_IsNotGoingThroughTheEdge()
    {
        using var http = LabHttpClientFactory.Create(_lab.Directory, _lab.Pki.Root.Certificate);

        var page = await http.GetStringAsync("http://ip.edge.lab/");

        Assert.That(page.Trim(), Is.EqualTo(EdgeLab.NotConnectedText));
    }

    [Test]
    public async Task Direct_HttpsRequest_IsNotGoingThroughTheEdge()
    {
        using var http = LabHttpClientFactory.Create(_lab.Directory, _lab.Pki.Root.Certificate);

        var page = await http.GetStringAsync("https://ip.edge.lab/");

        Assert.That(page.Trim(), Is.EqualTo(EdgeLab.NotConnectedText));
    }

    [Test]
    public async Task Direct_Curl_IsNotGoingThroughTheEdge()
    {
        ExternalTool.Require("curl");
        var site = _lab.Resolve(IpCheckNode.Host, 80, Transport.Tcp);

        var curl = await ExternalTool.RunAsync("curl", ["-sS", "--resolve", $"ip.edge.lab:{site.Port}:127.0.0.1", $"http://ip.edge.lab:{site.Port}/"],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(curl.ExitCode, Is.Zero, curl.Error);
        Assert.That(curl.Output.Trim(), Is.EqualTo(EdgeLab.NotConnectedText));
    }

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task ThroughTheTunnel_SaysConnectedViaTheEdgeCity(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var tunnel = await _lab.ConnectAndHelloAsync(kind, $"ipcheck-{kind}", 1, timeout.Token);

        var response = await EdgeLab.HttpGetAsync(tunnel, IpCheckNode.Host, timeout.Token);

        Assert.That(response, Does.StartWith("HTTP/1.1 200"));
        Assert.That(response, Does.Contain(EdgeLab.ConnectedViaFrankfurt));
    }

    [Test]
    public void TextFor_AnotherEdgesEgress_NamesThatEdge()
    {
        var far = IPAddress.Parse("127.64.0.9");
        _lab.Egress.Register(far, new EdgeIdentity("edge-syd", "Sydney", "faultlab.net"));
        try
        {
            Assert.That(_lab.IpCheck.TextFor(far), Is.EqualTo("You are accessing the Internet via FaultLab Edge: Sydney in the faultlab.net cloud."));
            Assert.That(_lab.IpCheck.TextFor(IPAddress.Loopback), Is.EqualTo(EdgeLab.NotConnectedText));
        }
        finally
        {
            _lab.Egress.Unregister(far);
        }
    }
}
