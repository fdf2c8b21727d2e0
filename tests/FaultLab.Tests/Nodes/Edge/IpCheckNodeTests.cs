using System.Net;
using FaultLab.Nodes.Edge;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The ip-check page, visited directly and through the tunnel.</summary>
public sealed class IpCheckNodeTests
{
    private const string NotConnected = "The request received from you didn't come from an edge IP therefore you are NOT going through the edge service.";
    private const string ConnectedViaFrankfurt = "You are accessing the Internet via FaultLab Edge: Frankfurt in the faultlab.net cloud.";
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

        Assert.That(page.Trim(), Is.EqualTo(NotConnected));
    }

    [Test]
    public async Task Direct_HttpsRequest_IsNotGoingThroughTheEdge()
    {
        using var http = LabHttpClientFactory.Create(_lab.Directory, _lab.Pki.Root.Certificate);

        var page = await http.GetStringAsync("https://ip.edge.lab/");

        Assert.That(page.Trim(), Is.EqualTo(NotConnected));
    }

    [Test]
    public async Task Direct_Curl_IsNotGoingThroughTheEdge()
    {
        ExternalTool.RequireInstalled("curl");
        Assert.That(_lab.Directory.TryResolve(new ServiceAddress(IpCheckNode.Host, 80, Transport.Tcp), out var site), Is.True);

        var curl = await ExternalTool.RunAsync("curl", ["-sS", "--resolve", $"ip.edge.lab:{site.Port}:127.0.0.1", $"http://ip.edge.lab:{site.Port}/"],
            TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(curl.ExitCode, Is.Zero, curl.Error);
        Assert.That(curl.Output.Trim(), Is.EqualTo(NotConnected));
    }

    [TestCase(TunnelTransportKind.Dtls)]
    [TestCase(TunnelTransportKind.Tls)]
    public async Task ThroughTheTunnel_SaysConnectedViaTheEdgeCity(TunnelTransportKind kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var tunnel = kind == TunnelTransportKind.Dtls
            ? await TunnelClient.ConnectDtlsAsync(Gateway(Transport.Udp), _lab.DtlsOptions(), timeout.Token)
            : await TunnelClient.ConnectTlsAsync(Gateway(Transport.Tcp), _lab.TlsOptions(), timeout.Token);
        var hello = await tunnel.HelloAsync(_lab.Enroll($"ipcheck-{kind}"), 1, timeout.Token);
        Assert.That(hello.Accepted, Is.True, hello.RefusedReason);

        await using var stream = await tunnel.OpenStreamAsync(IpCheckNode.Host, 80, Transport.Tcp, timeout.Token);
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: ip.edge.lab\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync(timeout.Token);

        Assert.That(response, Does.StartWith("HTTP/1.1 200"));
        Assert.That(response, Does.Contain(ConnectedViaFrankfurt));
    }

    [Test]
    public void TextFor_AnotherEdgesEgress_NamesThatEdge()
    {
        var far = IPAddress.Parse("127.64.0.9");
        _lab.Egress.Register(far, new EdgeIdentity("edge-syd", "Sydney", "faultlab.net"));
        try
        {
            Assert.That(_lab.IpCheck.TextFor(far), Is.EqualTo("You are accessing the Internet via FaultLab Edge: Sydney in the faultlab.net cloud."));
            Assert.That(_lab.IpCheck.TextFor(IPAddress.Loopback), Is.EqualTo(NotConnected));
        }
        finally
        {
            _lab.Egress.Unregister(far);
        }
    }

    private IPEndPoint Gateway(Transport transport)
    {
        Assert.That(_lab.Directory.TryResolve(new ServiceAddress(EdgeNode.SharedGatewayHost, 443, transport), out var endPoint), Is.True);
        return endPoint;
    }
}
