using System.Net;
using System.Text;
using FaultLab.Saml;
using FaultLab.Tests.Support;
using FaultLab.Tunnel;
using FaultLab.World;

namespace FaultLab.Tests.Runtime;

/// <summary>A lab is up: real clients reach its nodes at the endpoints its status lists.</summary>
public sealed class LabWorldTests
{
    [Test]
    public async Task Dig_ResolvesLabNames_AndSaysNxdomainForUnknown_OverUdpAndTcp()
    {
        var dig = ExternalTool.Require("dig");
        await using var lab = await RunningLab.StartAsync("captive-portal");
        var port = lab.Port("dns.lab", 53, Transport.Udp).ToString();

        var known = await ExternalTool.RunAsync(dig, ["@127.0.0.1", "-p", port, "idp.lab", "A", "+short", "+time=2", "+tries=1"]);
        Assert.That(known.Output.Trim(), Is.EqualTo("127.0.0.1"));

        var unknown = await ExternalTool.RunAsync(dig, ["@127.0.0.1", "-p", port, "nosuch.lab", "A", "+time=2", "+tries=1"]);
        Assert.That(unknown.Output, Does.Contain("status: NXDOMAIN"));

        var overTcp = await ExternalTool.RunAsync(dig, ["@127.0.0.1", "-p", port, "portal.lab", "A", "+tcp", "+short", "+time=2", "+tries=1"]);
        Assert.That(overTcp.Output.Trim(), Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task Curl_PortalProbe_Is302BeforeLogin_And204AfterForThatClientOnly()
    {
        var curl = ExternalTool.Require("curl");
        await using var lab = await RunningLab.StartAsync("captive-portal");
        var probe = $"http://127.0.0.1:{lab.Port("connectivitycheck.gstatic.lab", 80, Transport.Tcp)}/generate_204";
        var login = $"http://127.0.0.1:{lab.Port("portal.lab", 80, Transport.Tcp)}/login";

        Assert.That(await StatusLine(curl, probe, "127.0.0.1"), Does.Contain("302"));
        var signIn = await ExternalTool.RunAsync(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", "127.0.0.1", "-d", "accept=yes", login]);
        Assert.That(signIn.Output, Does.StartWith("2").Or.StartWith("3"));

        Assert.That(await StatusLine(curl, probe, "127.0.0.1"), Does.Contain("204"));
        Assert.That(await StatusLine(curl, probe, "127.0.0.2"), Does.Contain("302"), "another client is still behind the portal");
    }

    [Test]
    public async Task WithoutACaptivePortalFault_TheOsProbeSeesTheInternet_AndTheAgentIsNeverCaptive()
    {
        var curl = ExternalTool.Require("curl");
        // Sign-in keeps failing here (clock skew), which is when the agent asks the OS probe whether it is captive.
        await using var lab = await RunningLab.StartAsync("auth-clock-skew");
        var probe = $"http://127.0.0.1:{lab.Port("connectivitycheck.gstatic.lab", 80, Transport.Tcp)}/generate_204";
        Assert.That(await StatusLine(curl, probe, "127.0.10.1"), Does.Contain("204"), "a home network has no portal");

        var failures = 0;
        for (var polls = 0; failures < 2 && polls < 100; polls++)
        {
            var status = lab.Instance.Agent!.Status();
            Assert.That(status.Network, Is.Not.EqualTo("CaptivePortal"), string.Join("\n", status.Events.Select(e => e.Message)));
            failures = status.Events.Count(e => e.Message.StartsWith("saml:", StringComparison.Ordinal));
            await Task.Delay(100);
        }
        Assert.That(failures, Is.GreaterThanOrEqualTo(2), "the sign-in failed at least twice while watched");
    }

    private static async Task<string> StatusLine(string curl, string url, string fromAddress)
    {
        var result = await ExternalTool.RunAsync(curl, ["-sI", "--interface", fromAddress, url]);
        return result.Output.Split('\n')[0];
    }

    [Test]
    public async Task Curl_IpCheckDirectly_SaysNotGoingThroughTheEdge()
    {
        var curl = ExternalTool.Require("curl");
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var page = await ExternalTool.RunAsync(curl, ["-s", $"http://127.0.0.1:{lab.Port("ip.edge.lab", 80, Transport.Tcp)}/"]);
        Assert.That(page.Output, Does.Contain("The request received from you didn't come from an edge IP therefore you are NOT going through the edge service."));
    }

    [Test]
    public async Task OpensslSClient_ToTheEdgeTlsPort_VerifiesAChainEndingAtTheLabRoot()
    {
        var openssl = ExternalTool.Require("openssl");
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var port = lab.Port("gateway.edge.lab", 443, Transport.Tcp);
        var result = await ExternalTool.RunAsync(openssl,
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "gateway.edge.lab", "-CAfile", lab.Instance.PkiFiles["root"], "-showcerts"], stdin: "");
        Assert.That(result.Output, Does.Contain("Verify return code: 0 (ok)"));
        Assert.That(result.Output, Does.Contain("FaultLab Lab Root"), "the chain ends at the lab root");
    }

    [Test]
    public async Task BouncyCastleDtlsClient_CompletesAHandshakeWithTheEdgeOverUdp()
    {
        await using var lab = await RunningLab.StartAsync("captive-portal");
        var edge = new IPEndPoint(IPAddress.Loopback, lab.Port("gateway.edge.lab", 443, Transport.Udp));
        await using var tunnel = await TunnelClient.ConnectDtlsAsync(edge,
            new DtlsTunnelClientOptions("gateway.edge.lab", lab.Instance.Pki!.Root.Certificate) { HandshakeTimeout = TimeSpan.FromSeconds(5) },
            CancellationToken.None);
        Assert.That(tunnel.Kind, Is.EqualTo(TunnelTransportKind.Dtls));
        Assert.That(tunnel.IsConnected, Is.True);
    }

    [Test]
    public async Task IdpResponse_SavedFromALogin_PassesXmlsec1_AndFailsAfterOneNameIdByteChanges()
    {
        var curl = ExternalTool.Require("curl");
        var xmlsec = ExternalTool.Require("xmlsec1");
        await using var lab = await RunningLab.StartAsync("captive-portal");
        var port = lab.Port("idp.lab", 443, Transport.Tcp);
        string[] via = ["-s", "--connect-to", $"idp.lab:443:127.0.0.1:{port}", "--cacert", lab.Instance.PkiFiles["root"]];

        var request = AuthnRequest.Create("https://gateway.edge.lab/saml", "https://idp.lab/saml/sso", "https://gateway.edge.lab/saml/acs", TimeProvider.System);
        var sso = SamlRedirectBinding.RequestUrl(request, "/");
        var loginPage = await ExternalTool.RunAsync(curl, [.. via, sso.ToString()]);
        Assert.That(HtmlForm.TryParse(loginPage.Output, out var form), Is.True, loginPage.Output + loginPage.Error);

        var fields = new Dictionary<string, string>(form!.Fields) { ["username"] = "alice@corp.lab", ["password"] = "correct-horse" };
        var post = fields.SelectMany(f => new[] { "--data-urlencode", $"{f.Key}={f.Value}" });
        var answer = await ExternalTool.RunAsync(curl, [.. via, .. post, form.ActionUri(sso).ToString()]);
        Assert.That(SamlPostForm.TryParse(answer.Output, out var samlForm), Is.True, answer.Output);

        var dir = Path.Combine(lab.Instance.WorkDirectory, "saml");
        Directory.CreateDirectory(dir);
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(samlForm!.SamlResponse));
        File.WriteAllText(Path.Combine(dir, "resp.xml"), xml);
        string[] verify = ["--verify", "--pubkey-cert-pem", lab.Instance.PkiFiles["idp-signing"], "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"];
        var ok = await ExternalTool.RunAsync(xmlsec, [.. verify, "resp.xml"], dir);
        Assert.That(ok.ExitCode, Is.EqualTo(0), ok.Error);

        var tampered = xml.Replace(">alice@corp.lab<", ">alicf@corp.lab<");
        Assert.That(tampered, Is.Not.EqualTo(xml));
        File.WriteAllText(Path.Combine(dir, "tampered.xml"), tampered);
        var bad = await ExternalTool.RunAsync(xmlsec, [.. verify, "tampered.xml"], dir);
        Assert.That(bad.ExitCode, Is.Not.EqualTo(0));
    }
}
