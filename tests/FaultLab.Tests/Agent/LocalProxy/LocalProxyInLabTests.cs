using System.Net;
using FaultLab.Nodes.Edge;
using FaultLab.Runtime.Embedded;
using FaultLab.Tests.Support;
using static FaultLab.Tests.Cli.CliAgentObserver;

namespace FaultLab.Tests.Agent.LocalProxy;

/// <summary>The local proxy of the lab that uses it, seen as a trainee sees it: the CLI's agent status and curl.</summary>
public sealed class LocalProxyInLabTests
{
    [Test]
    public async Task LocalProxyNotApplied_StatusShowsTheListener_CurlThroughItIsProtected_WhileTheAppGoesDirect()
    {
        var curl = ExternalTool.Require("curl");
        await using var lab = await RunningLab.StartAsync("local-proxy-not-applied");
        var name = lab.Host.Record.Name;

        var status = await StatusWhen(lab, s => s["tunnel"]?.GetValue<string>().StartsWith("Established", StringComparison.Ordinal) == true
                                                && s["localProxy"] is not null);
        var proxy = IPEndPoint.Parse(status["localProxy"]!.GetValue<string>());
        var viaProxy = await ExternalTool.RunAsync(curl, ["-sS", "--max-time", "5", "-x", $"http://{proxy}", $"http://{IpCheckNode.Host}/"]);
        var app = await lab.CliAsync("agent", name, "app", "ipcheck");
        var shown = await lab.CliAsync("agent", name, "status");

        Assert.Multiple(() =>
        {
            Assert.That(proxy.Address, Is.EqualTo(LabNetwork.DefaultLaptopAddress));
            Assert.That(shown.Out, Does.Contain($"Local proxy:         {proxy}"), "the plain status shows where the listener is");
            Assert.That(viaProxy.ExitCode, Is.EqualTo(0), viaProxy.Error);
            Assert.That(viaProxy.Output, Does.Contain("You are accessing the Internet via FaultLab Edge:"));
            Assert.That(app.ExitCode, Is.EqualTo(1), "the system proxy is not applied, so the app itself goes direct: " + app.Out);
            Assert.That(app.Out, Does.Contain("NOT going through the edge"));
        });
    }
}
