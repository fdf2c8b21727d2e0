using System.IO.Compression;
using FaultLab.Tests.Support;
using static FaultLab.Tests.Cli.CliAgentObserver;

namespace FaultLab.Tests.Cli;

/// <summary>The agent driven the way a trainee drives it: through the CLI and the control API of a running lab.</summary>
public sealed class AgentCommandTests
{
    [Test]
    public async Task DtlsOnlyBehindUdpBlock_StaysDown_ThenFallbackEstablishesOverTls()
    {
        await using var lab = await RunningLab.StartAsync("tunnel-udp-blocked");
        var name = lab.Host.Record.Name;
        await StatusWhen(lab, s => s["authentication"]!.GetValue<string>() == "Authenticated");
        var blocked = await lab.CliAsync("agent", name, "app", "ipcheck");
        Assert.That(blocked.ExitCode, Is.EqualTo(1), "ipcheck cannot pass while the tunnel is down: " + blocked.Out);

        Assert.That((await lab.CliAsync("portal", name, "set", "forwarding.transport", "dtls-with-tls-fallback")).ExitCode, Is.EqualTo(0));
        Assert.That((await lab.CliAsync("agent", name, "update-policy")).ExitCode, Is.EqualTo(0));
        await StatusWhen(lab, s => s["tunnel"]!.GetValue<string>() == "Established over TLS");

        var ipcheck = await lab.CliAsync("agent", name, "app", "ipcheck");
        Assert.That(ipcheck.ExitCode, Is.EqualTo(0), ipcheck.Out + ipcheck.Error);
        Assert.That(ipcheck.Out, Does.Contain("Frankfurt"));
    }

    [Test]
    public async Task ExportLogs_WritesAZipThatUnzipOpens_WithAPcapThatTsharkReads()
    {
        var unzip = ExternalTool.Require("unzip");
        var tshark = ExternalTool.Require("tshark");
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: http-latency
                link: internet
                latencyMs: 1
            """);
        var name = lab.Host.Record.Name;
        await StatusWhen(lab, s => s["tunnel"]!.GetValue<string>().StartsWith("Established", StringComparison.Ordinal));
        Assert.That((await lab.CliAsync("agent", name, "capture", "start")).ExitCode, Is.EqualTo(0));
        Assert.That((await lab.CliAsync("agent", name, "app", "ssh")).ExitCode, Is.EqualTo(0));
        Assert.That((await lab.CliAsync("agent", name, "capture", "stop")).ExitCode, Is.EqualTo(0));

        var dir = Path.Combine(lab.Instance.WorkDirectory, "export");
        var export = await lab.CliAsync("agent", name, "export-logs", dir);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        var zip = Directory.GetFiles(dir, "*.zip").Single();
        Assert.That((await ExternalTool.RunAsync(unzip, ["-o", "-q", zip, "-d", Path.Combine(dir, "x")])).ExitCode, Is.EqualTo(0));
        using (var archive = ZipFile.OpenRead(zip))
            Assert.That(archive.Entries.Select(e => e.Name), Does.Contain("agent.log"));
        var pcap = Directory.GetFiles(Path.Combine(dir, "x"), "*.pcap").First();
        var read = await ExternalTool.RunAsync(tshark, ["-r", pcap, "-q", "-z", "conv,tcp"]);
        Assert.That(read.ExitCode, Is.EqualTo(0), read.Error);
        Assert.That(read.Output, Does.Contain(":22"));
    }

    [Test]
    public async Task BehindACaptivePortal_TheAgentSaysSo_UntilTheLaptopSignsIn()
    {
        await using var lab = await RunningLab.StartAsync("captive-portal");
        var name = lab.Host.Record.Name;
        await StatusWhen(lab, s => s["network"]!.GetValue<string>() == "CaptivePortal");

        Assert.That((await lab.CliAsync("net", name, "portal-login")).ExitCode, Is.EqualTo(0));
        var status = await StatusWhen(lab, s => s["tunnel"]!.GetValue<string>().StartsWith("Established", StringComparison.Ordinal));
        Assert.That(status["network"]!.GetValue<string>(), Is.EqualTo("OffTrusted"));
    }
}
