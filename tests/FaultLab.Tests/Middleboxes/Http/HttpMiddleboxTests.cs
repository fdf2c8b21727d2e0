using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Http;
using FaultLab.Tests.Support;
using Yarp.ReverseProxy.Forwarder;

namespace FaultLab.Tests.Middleboxes.Http;

public sealed class HttpMiddleboxTests : HttpLabFixture
{
    [Test]
    public async Task OpensslSClient_WithAcmeProxyResigning_SeesAcmeProxyIssuer_ThenRealIssuerOnceBypassed()
    {
        var resign = new TlsResignFault { Ca = TlsResigningCa.AcmeProxy };
        var (box, _) = await Lab.StartMiddleboxAsync(resign);
        var connect = $"127.0.0.1:{box.LocalEndPoint.Port}";

        var before = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", connect, "-servername", "idp.lab"]);
        Assert.That(IssuerLine(before), Does.Contain("AcmeProxy Inspection CA"), before.ToString());

        Assert.That(resign.Add("idp.lab"), Is.True);
        var after = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", connect, "-servername", "idp.lab"]);
        Assert.That(IssuerLine(after), Does.Contain("FaultLab Public Origin CA"), after.ToString());
        Assert.That(box.Counters[HttpMiddleboxEvent.Resigned], Is.EqualTo(1));
        Assert.That(box.Counters[HttpMiddleboxEvent.Bypassed], Is.EqualTo(1));
    }

    [Test]
    public async Task CurlConnect_TrustingAcmeProxyRoot_GetsPageOverResignedChain()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.AcmeProxy });

        var result = await ExternalTool.RunAsync("curl", ["-sS", "-v", "--max-time", "5", "-x", $"http://{box.LocalEndPoint}",
            "--cacert", Lab.PemOf("acmeproxy"), "https://idp.lab/"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Is.EqualTo("hello from idp.lab over https"));
        Assert.That(result.Error, Does.Contain("200 Connection Established"));
        Assert.That(result.Error, Does.Match("issuer: .*CN ?= ?AcmeProxy Inspection CA"), result.Error);
        Assert.That(box.Counters[HttpMiddleboxEvent.ConnectRequest], Is.EqualTo(1));
        Assert.That(box.Counters[HttpMiddleboxEvent.Forwarded], Is.EqualTo(1));
    }

    [Test]
    public async Task CurlConnect_TrustingOnlyLabRoot_RefusesResignedCertificate()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.AcmeProxy });

        var result = await ExternalTool.RunAsync("curl", ["-sS", "--max-time", "5", "-x", $"http://{box.LocalEndPoint}",
            "--cacert", Lab.PemOf("root"), "https://idp.lab/"]);

        Assert.That(result.ExitCode, Is.EqualTo(60), result.ToString());     // curl: peer certificate cannot be authenticated
    }

    [Test]
    public async Task CurlPlainHttp_ThroughExplicitProxy_IsForwarded()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();

        var result = await ExternalTool.RunAsync("curl", ["-sS", "--max-time", "5", "-x", $"http://{box.LocalEndPoint}", "http://idp.lab/"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Is.EqualTo("hello from idp.lab over http"));
        Assert.That(box.Counters[HttpMiddleboxEvent.PlainHttp], Is.EqualTo(1));
    }

    [Test]
    public async Task CurlPlainHttp_Transparent_IsRoutedByHostHeader()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();

        var result = await ExternalTool.RunAsync("curl", ["-sS", "--max-time", "5",
            "--connect-to", $"idp.lab:80:127.0.0.1:{box.LocalEndPoint.Port}", "http://idp.lab/"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Is.EqualTo("hello from idp.lab over http"));
    }

    [Test]
    public async Task TransparentTls_WithoutResigningFault_PassesThroughWithOriginCertificate()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();

        var issuer = await IssuerSeenAsync(box, "idp.lab");

        Assert.That(issuer, Does.Contain("FaultLab Public Origin CA"));
        Assert.That(box.Counters[HttpMiddleboxEvent.PassedThrough], Is.EqualTo(1));
        Assert.That(box.Counters[HttpMiddleboxEvent.Resigned], Is.EqualTo(0));
    }

    [Test]
    public async Task ResigningSwitchedOff_NextConnectionPassesThrough()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge });

        Assert.That(await IssuerSeenAsync(box, "idp.lab"), Does.Contain("FaultLab Edge Inspection CA"));
        switches[0].Active = false;
        Assert.That(await IssuerSeenAsync(box, "idp.lab"), Does.Contain("FaultLab Public Origin CA"));
    }

    [Test]
    public async Task WildcardBypass_PassesSubdomainsOnly()
    {
        var resign = new TlsResignFault { Bypass = ["*.lab"] };
        var (box, _) = await Lab.StartMiddleboxAsync(resign);
        Assert.That(box.Bypass, Is.SameAs(resign.BypassList));

        Assert.That(await IssuerSeenAsync(box, "idp.lab"), Does.Contain("FaultLab Public Origin CA"));
        Assert.That(resign.Remove("*.lab"), Is.True);
        Assert.That(await IssuerSeenAsync(box, "idp.lab"), Does.Contain("AcmeProxy Inspection CA"));
    }

    [Test]
    public async Task MalformedClientHello_IsCountedAndClosed()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault());
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(box.LocalEndPoint);
        // A handshake record whose ClientHello claims more bytes than its record holds, then garbage.
        await socket.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x06, 0x01, 0x00, 0x00, 0x02, 0x03, 0x03, 0x16, 0x03, 0x01, 0x00, 0x01, 0xff });

        var buffer = new byte[16];
        var read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(read, Is.EqualTo(0), "the middlebox should close the connection");
        Assert.That(box.Counters[HttpMiddleboxEvent.MalformedClientHello], Is.EqualTo(1));
    }

    [Test]
    public async Task UnknownHost_Answers502WithTheReason()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();
        using var client = HttpLab.ProxiedClient(box);

        using var response = await client.GetAsync("http://nowhere.lab/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(body, Does.Contain("Request").And.Contain("no lab service is registered for nowhere.lab:80/tcp"));
        Assert.That(box.Counters.ForwardErrors[ForwarderError.Request], Is.EqualTo(1));
    }

    [Test]
    public async Task Connect_ToUnreachableService_Answers502()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();

        var answer = await ExchangeAsync(box, "CONNECT nowhere.lab:443 HTTP/1.1\r\nHost: nowhere.lab:443\r\n\r\n");

        Assert.That(answer, Does.StartWith("HTTP/1.1 502 Bad Gateway"));
        Assert.That(answer, Does.Contain("no lab service is registered for nowhere.lab:443/tcp"));
        Assert.That(box.Counters[HttpMiddleboxEvent.UpstreamUnreachable], Is.EqualTo(1));
    }

    [Test]
    public async Task MalformedConnect_Answers400()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();

        Assert.That(await ExchangeAsync(box, "CONNECT idp.lab HTTP/1.1\r\n\r\n"), Does.StartWith("HTTP/1.1 400 Bad Request").And.Contain("is not host:port"));
        Assert.That(box.Counters[HttpMiddleboxEvent.MalformedConnect], Is.EqualTo(1));
    }

    [Test]
    public async Task UpstreamCertificateFromOutsideTheLab_IsRefusedWith502()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge });
        using var client = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection);

        using var response = await client.GetAsync("https://rogue.lab/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(box.Counters[HttpMiddleboxEvent.UpstreamCertificateRejected], Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task ClientOnAnotherLoopbackAddress_KeepsItsAddressUpstream()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge });
        var other = IPAddress.Parse("127.0.0.2");

        using var inspected = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection, from: other);
        Assert.That(await inspected.GetStringAsync("https://idp.lab/whoami"), Is.EqualTo("127.0.0.2"));
        using var plain = HttpLab.TransparentClient(box, from: other);
        Assert.That(await plain.GetStringAsync("http://idp.lab/whoami"), Is.EqualTo("127.0.0.2"));

        switches[0].Active = false;
        using var passed = HttpLab.TransparentClient(box, Lab.Pki.PublicOrigin, from: other);
        Assert.That(await passed.GetStringAsync("https://idp.lab/whoami"), Is.EqualTo("127.0.0.2"));
        using var local = HttpLab.TransparentClient(box, Lab.Pki.PublicOrigin);
        Assert.That(await local.GetStringAsync("https://idp.lab/whoami"), Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task Http2OverResignedTls_IsForwarded()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge });
        using var client = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection);

        using var request = new HttpRequestMessage(HttpMethod.Get, "https://idp.lab/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);

        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("hello from idp.lab over https"));
    }

    [Test]
    public async Task ForwardedRequest_KeepsTheClientsHeadersAndAddsNoProxyHeaders()
    {
        var (box, _) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge });
        using var client = HttpLab.TransparentClient(box, Lab.Pki.EdgeInspection);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://idp.lab/headers");
        request.Headers.Add("X-Trainee", "alice");

        using var response = await client.SendAsync(request);
        var headers = await response.Content.ReadAsStringAsync();

        Assert.That(headers, Does.Contain("x-trainee: alice").IgnoreCase.And.Contain("host: idp.lab").IgnoreCase);
        Assert.That(headers, Does.Not.Contain("x-forwarded").IgnoreCase.And.Not.Contain("via:").IgnoreCase);
    }

    [Test]
    public async Task DisposeAsync_FreesTheListeningPort()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();
        var endpoint = box.LocalEndPoint;
        using (var client = HttpLab.ProxiedClient(box))
            Assert.That(await client.GetStringAsync("http://idp.lab/"), Is.EqualTo("hello from idp.lab over http"));

        await box.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.That(async () => await socket.ConnectAsync(endpoint), Throws.InstanceOf<SocketException>());
    }

    [Test]
    public async Task Endpoint_NamesTheLinkAndTheListeningPort()
    {
        var (box, _) = await Lab.StartMiddleboxAsync();

        Assert.That(box.Endpoint, Is.EqualTo(new FaultLab.Nodes.NodeEndpoint("http-middlebox", "http-proxy", "127.0.0.1", box.LocalEndPoint.Port, "link internet")));
    }

    [Test]
    public void Options_WithoutLink_AreRefusedNamingTheSetting()
    {
        var options = new HttpMiddleboxOptions("", LinkFaults.None("internet"), Lab.Context) { FirstBytesTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => _ = new HttpMiddlebox(options))!;

        Assert.That(error.Message, Does.Contain("Link must name the link").And.Contain("FirstBytesTimeout must be positive"));
    }

    /// <summary>Connects transparently with SNI <paramref name="host"/> and returns the issuer the client was shown.</summary>
    internal static async Task<string> IssuerSeenAsync(HttpMiddlebox box, string host)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(box.LocalEndPoint);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,     // the test reads the issuer; trust is another test's business
        });
        return tls.RemoteCertificate!.Issuer;
    }

    private static string IssuerLine(ExternalToolResult result) =>
        result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("issuer=", StringComparison.Ordinal)) ?? "(no issuer line)";

    /// <summary>Sends <paramref name="request"/> as raw bytes and reads everything until the middlebox closes.</summary>
    internal static async Task<string> ExchangeAsync(HttpMiddlebox box, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(box.LocalEndPoint);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return await ReadAllAsync(socket);
    }

    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        return text.ToString();
    }
}
