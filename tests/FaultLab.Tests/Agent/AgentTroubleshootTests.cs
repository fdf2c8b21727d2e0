using System.IO.Compression;
using FaultLab.Agent;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Agent;

public sealed class AgentTroubleshootTests
{
    [Test]
    public async Task ExportLogs_ZipHoldsTheAgentLogAndACapture()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        await StatusPolling.UntilHealthyAsync(agent);

        agent.StartCapture();
        var browser = await agent.RunAppAsync("browser", CancellationToken.None);
        await agent.StopCaptureAsync();
        var zipPath = await agent.ExportLogsAsync(Path.Combine(world.Directory, "export"), CancellationToken.None);

        using var zip = ZipFile.OpenRead(zipPath);
        var names = zip.Entries.Select(e => e.FullName).ToArray();
        var pcap = zip.Entries.Single(e => e.FullName.EndsWith(".pcap", StringComparison.Ordinal));
        using var pcapBytes = new MemoryStream();
        await using (var s = pcap.Open()) await s.CopyToAsync(pcapBytes);
        Assert.Multiple(() =>
        {
            Assert.That(browser.Ok, Is.True, browser.Summary);
            Assert.That(names, Does.Contain("agent.log"));
            Assert.That(pcapBytes.ToArray()[..4], Is.EqualTo(new byte[] { 0xd4, 0xc3, 0xb2, 0xa1 }), "classic pcap magic");
            Assert.That(pcapBytes.Length, Is.GreaterThan(24 + 16), "at least one packet after the header");
        });
    }

    [Test]
    public async Task Capture_IsReadByTshark_WithTheSshBannerAndTheMediaDatagrams()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        world.BypassInspectionForTeams();
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        await StatusPolling.UntilHealthyAsync(agent);

        agent.StartCapture();
        var ssh = await agent.RunAppAsync("ssh", CancellationToken.None);
        var teams = await agent.RunAppAsync("teams", CancellationToken.None);
        await agent.StopCaptureAsync();
        var pcap = Directory.GetFiles(Path.Combine(world.Directory, "logs"), "*.pcap").Single();
        var run = await ExternalTool.RunAsync("tshark", ["-r", pcap, "-T", "fields", "-e", "ip.proto", "-e", "tcp.payload"]);

        Assert.That(ssh.Ok, Is.True, ssh.Summary);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var tcpPayload = string.Concat(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t')).Where(f => f.Length == 2 && f[0] == "6").Select(f => f[1].Trim()));
        // The banner "SSH-2.0-" as hex across the captured TCP payloads.
        Assert.That(tcpPayload, Does.Contain("5353482d322e302d"), run.ToString());
        Assert.That(teams.Ok, Is.True, teams.Summary);
        Assert.That(run.Output.Split('\n').Count(l => l.StartsWith("17", StringComparison.Ordinal)), Is.EqualTo(2 * 50), "each media datagram and its echo");
    }

    [Test]
    public async Task Logout_ThenLogin_GoesThroughLoginRequiredBackToAuthenticated()
    {
        await using var world = await AgentWorld.StartAsync(CancellationToken.None);
        await using var agent = world.Agent();
        await agent.StartAsync(CancellationToken.None);
        await StatusPolling.UntilHealthyAsync(agent);

        await agent.LogoutAsync();
        var loggedOut = agent.Status();
        await agent.LoginAsync();
        var back = await StatusPolling.UntilHealthyAsync(agent);

        Assert.That(loggedOut.Authentication, Is.EqualTo("LoginRequired"));
        Assert.That(loggedOut.Tunnel, Is.EqualTo("Down"));
        Assert.That(back.Authentication, Is.EqualTo("Authenticated"));
    }
}
