using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Http;

namespace FaultLab.Tests.Middleboxes.Http;

/// <summary>An inspecting fault that switches on takes over the TLS connections the middlebox was relaying untouched.</summary>
public sealed class InspectionTakeoverTests : HttpLabFixture
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    [Test]
    public async Task ResigningSwitchedOn_ResetsTheOpenPassThroughConnection_AndTheReconnectIsResigned()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.AcmeProxy });
        switches[0].Active = false;
        await using var open = await OpenTlsAsync(box, "idp.lab");
        Assert.That(open.RemoteCertificate!.Issuer, Does.Contain("FaultLab Public Origin CA"));
        Assert.That(await GetAsync(open), Does.Contain("hello from idp.lab over https"), "the connection works before inspection starts");

        switches[0].Active = true;

        // A reset, not a clean close: the client sees its connection torn and reconnects.
        var broken = Assert.ThrowsAsync<IOException>(async () => await ReadAsync(open));
        Assert.That(broken!.InnerException, Is.InstanceOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));
        Assert.That(box.Counters[HttpMiddleboxEvent.TakenOverForInspection], Is.EqualTo(1));
        Assert.That(switches[0].RecentEvents.Select(e => e.Action), Does.Contain("reset"));
        Assert.That(await HttpMiddleboxTests.IssuerSeenAsync(box, "idp.lab"), Does.Contain("AcmeProxy Inspection CA"), "the reconnect meets the inspection");
    }

    [Test]
    public async Task ResigningSwitchedOn_LeavesBypassedConnectionsAlone()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new TlsResignFault { Bypass = ["idp.lab"] });
        switches[0].Active = false;
        await using var open = await OpenTlsAsync(box, "idp.lab");
        Assert.That(await GetAsync(open), Does.Contain("hello from idp.lab"));

        switches[0].Active = true;

        Assert.That(await GetAsync(open), Does.Contain("hello from idp.lab"), "a bypassed host keeps its connection");
        Assert.That(box.Counters[HttpMiddleboxEvent.TakenOverForInspection], Is.Zero);
    }

    [Test]
    public async Task ResigningSwitchedOff_LeavesInspectedConnectionsAlone()
    {
        var (box, switches) = await Lab.StartMiddleboxAsync(new TlsResignFault { Ca = TlsResigningCa.Edge });
        await using var open = await OpenTlsAsync(box, "idp.lab");
        Assert.That(open.RemoteCertificate!.Issuer, Does.Contain("FaultLab Edge Inspection CA"));

        switches[0].Active = false;

        Assert.That(await GetAsync(open), Does.Contain("hello from idp.lab"), "switching inspection off does not cut what it already holds");
        Assert.That(box.Counters[HttpMiddleboxEvent.TakenOverForInspection], Is.Zero);
    }

    /// <summary>A transparent TLS connection through the middlebox with SNI <paramref name="host"/>; any certificate is accepted (the test reads the issuer).</summary>
    private static async Task<SslStream> OpenTlsAsync(HttpMiddlebox box, string host)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(box.LocalEndPoint);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return tls;
    }

    private static async Task<int> ReadAsync(SslStream tls)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return await tls.ReadAsync(new byte[4096], timeout.Token);
    }

    /// <summary>One keep-alive GET / on the open connection; the response up to the end of its body.</summary>
    private static async Task<string> GetAsync(SslStream tls)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await tls.WriteAsync("GET / HTTP/1.1\r\nHost: idp.lab\r\n\r\n"u8.ToArray(), timeout.Token);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains("hello from idp.lab", StringComparison.Ordinal))
        {
            var n = await tls.ReadAsync(buffer, timeout.Token);
            if (n == 0) throw new IOException("the connection closed before the answer");
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return text.ToString();
    }
}
