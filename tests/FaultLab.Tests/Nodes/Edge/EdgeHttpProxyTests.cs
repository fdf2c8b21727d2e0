using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Nodes.Edge;
using FaultLab.Tests.Support;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The edge's explicit proxy ports, driven by curl and raw sockets.</summary>
public sealed class EdgeHttpProxyTests
{
    private EdgeLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await EdgeLab.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [TestCase(9400)]
    [TestCase(9480)]
    [TestCase(80)]
    public async Task Curl_AbsoluteFormThroughTheProxy_ReachesIpCheckFromTheEdge(int labPort)
    {
        ExternalTool.Require("curl");

        var curl = await ExternalTool.RunAsync("curl", ["-sS", "--proxy", $"http://127.0.0.1:{_lab.Resolve(EdgeNode.SharedGatewayHost, labPort, Transport.Tcp).Port}", "http://ip.edge.lab/"],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(curl.ExitCode, Is.Zero, curl.Error);
        Assert.That(curl.Output.Trim(), Is.EqualTo(EdgeLab.ConnectedViaFrankfurt));
    }

    [Test]
    public async Task Curl_HttpsThroughConnect_VerifiesTheOriginAndReachesItFromTheEdge()
    {
        ExternalTool.Require("curl");

        var curl = await ExternalTool.RunAsync("curl",
            ["-sS", "--proxy", $"http://127.0.0.1:{_lab.Resolve(EdgeNode.SharedGatewayHost, 9400, Transport.Tcp).Port}", "--cacert", _lab.RootPem, "https://ip.edge.lab/"],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(curl.ExitCode, Is.Zero, curl.Error);
        Assert.That(curl.Output.Trim(), Is.EqualTo(EdgeLab.ConnectedViaFrankfurt));
    }

    [Test]
    public async Task Connect_ToUnknownHost_Is502WithTheReason()
    {
        var response = await RawExchangeAsync("CONNECT nowhere.example.lab:443 HTTP/1.1\r\nHost: nowhere.example.lab:443\r\n\r\n");

        Assert.That(response, Does.StartWith("HTTP/1.1 502"));
        Assert.That(response, Does.Contain("nowhere.example.lab:443: no such host"));
    }

    [Test]
    public async Task OriginFormRequest_IsRefusedAsNotAProxyRequest()
    {
        var response = await RawExchangeAsync("GET / HTTP/1.1\r\nHost: ip.edge.lab\r\n\r\n");

        Assert.That(response, Does.StartWith("HTTP/1.1 400"));
        Assert.That(response, Does.Contain("send CONNECT host:port or an absolute http:// URL"));
    }

    [Test]
    public async Task Connect_ThenBytes_AreSplicedToTheOrigin()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(_lab.Resolve(EdgeNode.SharedGatewayHost, 9400, Transport.Tcp));
        await client.SendAsync(Encoding.ASCII.GetBytes($"CONNECT {EdgeLab.EchoHost}:443 HTTP/1.1\r\n\r\n"), SocketFlags.None);
        var established = await ReceiveUntilAsync(client, "\r\n\r\n");

        await client.SendAsync("ping through proxy"u8.ToArray(), SocketFlags.None);
        var echoed = await ReceiveUntilAsync(client, "proxy");

        Assert.That(established, Does.StartWith("HTTP/1.1 200"));
        Assert.That(echoed, Is.EqualTo("ping through proxy"));
        Assert.That(_lab.TcpEcho.Sources.Last(), Is.EqualTo(EdgeLab.FraEgress));
    }

    private async Task<string> RawExchangeAsync(string request)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(_lab.Resolve(EdgeNode.SharedGatewayHost, 9400, Transport.Tcp));
        await client.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None);
        using var stream = new NetworkStream(client);
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    private static async Task<string> ReceiveUntilAsync(Socket socket, string end)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = new StringBuilder();
        var buffer = new byte[1024];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return text.ToString();
    }
}
