using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Agent;
using FaultLab.Nodes.Edge;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Agent.LocalProxy;

/// <summary>The agent's local listening proxy under "Tunnel with Local Proxy", driven over real sockets and with curl.</summary>
public sealed class LocalProxyListenerTests
{
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(5);
    private const string ConnectedFrankfurt = "You are accessing the Internet via FaultLab Edge: Frankfurt";

    /// <summary>Tunnel with local proxy off the trusted network; web traffic reaches the listener only through the system proxy (no redirect).</summary>
    private static void UseLocalProxy(AgentWorld world, bool systemProxyApplied)
    {
        world.Policy.SetFromText("forwarding.offTrusted", "tunnel-with-local-proxy");
        world.Policy.SetFromText("forwarding.localProxyRedirect", "false");
        world.Device.SetFromText("systemProxyApplied", systemProxyApplied ? "true" : "false");
    }

    /// <summary>Waits for a healthy agent whose status names the listener, and answers the listener's endpoint.</summary>
    private static async Task<IPEndPoint> ListeningAsync(AgentService agent)
    {
        await StatusPolling.UntilHealthyAsync(agent);
        var status = await StatusPolling.UntilAsync(agent, s => s.LocalProxy is not null, "the local proxy listening");
        return IPEndPoint.Parse(status.LocalProxy!);
    }

    /// <summary>Sends <paramref name="request"/> to the proxy and reads everything until it closes the connection.</summary>
    private static async Task<string> ExchangeAsync(IPEndPoint proxy, string request)
    {
        using var deadline = new CancellationTokenSource(ExchangeTimeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(proxy, deadline.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), deadline.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, deadline.Token);
        return Encoding.UTF8.GetString(received.ToArray());
    }

    [Test]
    public async Task Connect_ThenGet_IpCheckSaysConnectedThroughTheEdge()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: true);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);

        var response = await ExchangeAsync(proxy,
            $"CONNECT {IpCheckNode.Host}:80 HTTP/1.1\r\nHost: {IpCheckNode.Host}:80\r\n\r\n" +
            $"GET / HTTP/1.1\r\nHost: {IpCheckNode.Host}\r\nConnection: close\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(proxy.Address, Is.EqualTo(agent.Environment.Network.LaptopAddress));
            Assert.That(response, Does.StartWith("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 OK"));
            Assert.That(response, Does.Contain(ConnectedFrankfurt));
            Assert.That(agent.LocalProxy!.Counters.Connects, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AbsoluteFormGet_IsForwardedThroughTheEdge()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: true);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);

        var response = await ExchangeAsync(proxy, $"GET http://{IpCheckNode.Host}/ HTTP/1.1\r\nHost: {IpCheckNode.Host}\r\nProxy-Connection: keep-alive\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(response, Does.StartWith("HTTP/1.1 200 OK"));
            Assert.That(response, Does.Contain(ConnectedFrankfurt));
            Assert.That(agent.LocalProxy!.Counters.Forwards, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task NonWebPort_Answers403_AndMalformedRequests400()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: true);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);

        var ssh = await ExchangeAsync(proxy, "CONNECT ssh.example.lab:22 HTTP/1.1\r\nHost: ssh.example.lab:22\r\n\r\n");
        var odd = await ExchangeAsync(proxy, $"GET http://{IpCheckNode.Host}:8080/ HTTP/1.1\r\nHost: {IpCheckNode.Host}\r\n\r\n");
        var originForm = await ExchangeAsync(proxy, $"GET / HTTP/1.1\r\nHost: {IpCheckNode.Host}\r\n\r\n");
        var garbage = await ExchangeAsync(proxy, "HELLO THERE\r\n\r\n");
        var noPort = await ExchangeAsync(proxy, "CONNECT www.example.lab HTTP/1.1\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(ssh, Does.StartWith("HTTP/1.1 403 Forbidden"));
            Assert.That(ssh, Does.Contain("ports 80 and 443 only"));
            Assert.That(odd, Does.StartWith("HTTP/1.1 403 Forbidden"));
            Assert.That(originForm, Does.StartWith("HTTP/1.1 400 Bad Request"));
            Assert.That(garbage, Does.StartWith("HTTP/1.1 400 Bad Request"));
            Assert.That(noPort, Does.StartWith("HTTP/1.1 400 Bad Request"));
            Assert.That(agent.LocalProxy!.Counters.Refusals, Is.EqualTo(5));
            Assert.That(agent.Status().Events.Any(e => e.Message.Contains("CONNECT ssh.example.lab:22 answered 403", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task TunnelDown_ListenerAnswers502WithTheReason_AndTheBrowserSeesIt()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: true);
        world.Policy.SetFromText("forwarding.transport", "dtls-only");
        world.Policy.SetFromText("forwarding.dtlsTimeoutSeconds", "1");
        using var network = new SilentUdpLaptopNetwork(new World.DirectLaptopNetwork(world.Services, World.NetworkProfile.Find("home")!));
        await using var agent = world.Agent(network);
        await agent.StartAsync(CancellationToken.None);
        var status = await StatusPolling.UntilAsync(agent, s => s.LocalProxy is not null && s.LastError?.Contains("DTLS", StringComparison.Ordinal) == true,
            "the local proxy listening with the tunnel failing");

        var response = await ExchangeAsync(IPEndPoint.Parse(status.LocalProxy!), "CONNECT www.example.lab:443 HTTP/1.1\r\nHost: www.example.lab:443\r\n\r\n");
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response, Does.StartWith("HTTP/1.1 502 Bad Gateway"));
            Assert.That(response, Does.Contain("www.example.lab:443: the tunnel is down"));
            Assert.That(browser.Ok, Is.False);
            Assert.That(browser.Summary, Does.Contain("502").And.Contain("the tunnel is down"));
            Assert.That(browser.Fields["route"], Does.StartWith($"local proxy {status.LocalProxy}"));
        });
    }

    [Test]
    public async Task SystemProxyApplied_AppsGoThroughTheListener()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: true);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);

        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ipcheck.Fields["connected"], Is.EqualTo("true"), ipcheck.Summary);
            Assert.That(ipcheck.Fields["route"], Is.EqualTo($"local proxy {proxy}, tunnel via edge-fra"));
            Assert.That(browser.Ok, Is.True, browser.Summary);
            Assert.That(agent.LocalProxy!.Counters.Connects, Is.EqualTo(2), "each app asked CONNECT at the listener");
        });
    }

    [Test]
    public async Task SystemProxyNotApplied_AppsGoDirect_ThoughTheListenerIsUp()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: false);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);

        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);
        var viaListener = await ExchangeAsync(proxy, $"GET http://{IpCheckNode.Host}/ HTTP/1.1\r\nHost: {IpCheckNode.Host}\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(ipcheck.Fields["connected"], Is.EqualTo("false"), ipcheck.Summary);
            Assert.That(ipcheck.Fields["route"], Is.EqualTo("direct"));
            Assert.That(viaListener, Does.Contain(ConnectedFrankfurt), "a client that does use the listener is protected");
            Assert.That(agent.LocalProxy!.Counters.Connects, Is.EqualTo(0));
        });
    }

    [Test]
    public async Task ActionChangesToTunnel_ListenerStops_AndItsOpenSplicesClose()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: true);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);
        using var deadline = new CancellationTokenSource(ExchangeTimeout);
        using var open = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await open.ConnectAsync(proxy, deadline.Token);
        await open.SendAsync(Encoding.ASCII.GetBytes($"CONNECT {IpCheckNode.Host}:80 HTTP/1.1\r\n\r\n"), SocketFlags.None, deadline.Token);
        var established = "HTTP/1.1 200 Connection established\r\n\r\n";
        var head = new byte[established.Length];
        for (var got = 0; got < head.Length;)
            got += await open.ReceiveAsync(head.AsMemory(got), SocketFlags.None, deadline.Token) is > 0 and var n ? n : throw new IOException("closed early");
        Assert.That(Encoding.ASCII.GetString(head), Is.EqualTo(established));

        world.Policy.SetFromText("forwarding.offTrusted", "tunnel");
        await agent.UpdatePolicyAsync(CancellationToken.None);

        var afterClose = await open.ReceiveAsync(new byte[16], SocketFlags.None, deadline.Token);
        var refused = Assert.ThrowsAsync<SocketException>(async () => await ExchangeAsync(proxy, "CONNECT www.example.lab:443 HTTP/1.1\r\n\r\n"));
        var ipcheck = await agent.RunAppAsync("ipcheck", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(agent.Status().LocalProxy, Is.Null);
            Assert.That(afterClose, Is.EqualTo(0), "the open CONNECT splice was closed with the listener");
            Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
            Assert.That(ipcheck.Fields["route"], Is.EqualTo("tunnel via edge-fra"));
            Assert.That(agent.Status().Events.Any(e => e.Message.Contains("stops: forwarding action on OffTrusted is Tunnel", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task RestartService_StopsTheListener_AndStartsAFreshOne()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: true);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        await ListeningAsync(agent);
        var before = agent.LocalProxy;

        await agent.RestartServiceAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);
        var response = await ExchangeAsync(proxy, $"GET http://{IpCheckNode.Host}/ HTTP/1.1\r\nHost: {IpCheckNode.Host}\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(agent.LocalProxy, Is.Not.SameAs(before));
            Assert.That(agent.Status().Events.Any(e => e.Message.Contains("stops: the agent service loop stopped", StringComparison.Ordinal)), Is.True);
            Assert.That(response, Does.Contain(ConnectedFrankfurt));
        });
    }

    [Test]
    public async Task Curl_WithTheListenerAsProxy_GetsTheConnectedIpCheckPage_OverHttpAndHttps()
    {
        var curl = ExternalTool.Require("curl");
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        UseLocalProxy(world, systemProxyApplied: false);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        var proxy = await ListeningAsync(agent);
        var root = Path.Combine(world.Directory, "root.pem");
        await File.WriteAllTextAsync(root, world.Pki.Root.Certificate.ExportCertificatePem());

        var http = await ExternalTool.RunAsync(curl, ["-sS", "--max-time", "5", "-x", $"http://{proxy}", $"http://{IpCheckNode.Host}/"]);
        var https = await ExternalTool.RunAsync(curl, ["-sS", "--max-time", "5", "--cacert", root, "-x", $"http://{proxy}", $"https://{IpCheckNode.Host}/"]);
        var ssh = await ExternalTool.RunAsync(curl, ["-sS", "--max-time", "5", "-p", "-x", $"http://{proxy}", "telnet://ssh.example.lab:22"]);

        Assert.Multiple(() =>
        {
            Assert.That(http.ExitCode, Is.EqualTo(0), http.Error);
            Assert.That(http.Output, Does.Contain(ConnectedFrankfurt));
            Assert.That(https.ExitCode, Is.EqualTo(0), https.Error);
            Assert.That(https.Output, Does.Contain(ConnectedFrankfurt));
            Assert.That(ssh.ExitCode, Is.Not.EqualTo(0));
            Assert.That(ssh.Error, Does.Contain("403"));
        });
    }
}
