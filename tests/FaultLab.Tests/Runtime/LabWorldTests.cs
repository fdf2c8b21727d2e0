using FaultLab.Tests.Support;
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

    private static async Task<string> StatusLine(string curl, string url, string fromAddress)
    {
        var result = await ExternalTool.RunAsync(curl, ["-sI", "--interface", fromAddress, url]);
        return result.Output.Split('\n')[0];
    }
}
