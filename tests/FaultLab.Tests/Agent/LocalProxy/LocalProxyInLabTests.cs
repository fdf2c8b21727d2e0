using System.Net;
using System.Text.Json.Nodes;
using FaultLab.Nodes.Edge;
using FaultLab.Runtime.Embedded;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Agent.LocalProxy;

/// <summary>The local proxy of the lab that uses it, seen as a trainee sees it: the CLI's agent status and curl.</summary>
public sealed class LocalProxyInLabTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static async Task<JsonNode> StatusWhen(RunningLab lab, Func<JsonNode, bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var status = JsonNode.Parse((await lab.CliAsync("agent", lab.Host.Record.Name, "status", "--json")).Out)!;
            if (condition(status)) return status;
            if (DateTime.UtcNow > until) Assert.Fail($"the agent never got there; last status: {status.ToJsonString()}");
            // Polling an observable state through the CLI, not waiting blindly.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

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

        Assert.Multiple(() =>
        {
            Assert.That(proxy.Address, Is.EqualTo(LabNetwork.DefaultLaptopAddress));
            Assert.That(viaProxy.ExitCode, Is.EqualTo(0), viaProxy.Error);
            Assert.That(viaProxy.Output, Does.Contain("You are accessing the Internet via FaultLab Edge:"));
            Assert.That(app.ExitCode, Is.EqualTo(1), "the system proxy is not applied, so the app itself goes direct: " + app.Out);
            Assert.That(app.Out, Does.Contain("NOT going through the edge"));
        });
    }
}
