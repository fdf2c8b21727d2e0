using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FaultLab.Tests.Cli;

namespace FaultLab.Tests.Runtime;

[NonParallelizable]
public sealed class InstanceLifecycleTests
{
    private CliRun _cli = null!;

    [SetUp]
    public void Start() => _cli = new CliRun();

    [TearDown]
    public void Stop() => _cli.Dispose();

    [Test]
    public async Task TwoInstancesUpSideBySide_ThenDown_LeaveNoPortBoundAndNoProcess()
    {
        var first = await _cli.ProcessAsync("up", "captive-portal", "--detach", "--json");
        var second = await _cli.ProcessAsync("up", "captive-portal", "--detach", "--json");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Error);
        Assert.That(first.Error, Does.Contain("generating the lab PKI"), "progress is shown while the lab starts");

        var a = JsonNode.Parse(first.Out)!;
        var b = JsonNode.Parse(second.Out)!;
        Assert.That(a["name"]!.GetValue<string>(), Is.EqualTo("captive-portal"));
        Assert.That(b["name"]!.GetValue<string>(), Is.EqualTo("captive-portal-2"));

        var endpoints = Endpoints(a).Concat(Endpoints(b)).Distinct().ToArray();
        Assert.That(Endpoints(a).Intersect(Endpoints(b)), Is.Empty, "two instances never share a port");
        var pids = new[] { a["pid"]!.GetValue<int>(), b["pid"]!.GetValue<int>() };
        Assert.That(pids[0], Is.Not.EqualTo(pids[1]));

        var status = await _cli.ProcessAsync("status", "captive-portal-2", "--json");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.Error);
        Assert.That(JsonNode.Parse(status.Out)!["lab"]!.GetValue<string>(), Is.EqualTo("captive-portal"));

        var down = await _cli.ProcessAsync("down", "--all");
        Assert.That(down.ExitCode, Is.EqualTo(0), down.Error);

        foreach (var pid in pids)
            Assert.That(IsRunning(pid), Is.False, $"host process {pid} is gone");
        foreach (var (protocol, port) in endpoints)
            Assert.That(CanBind(protocol, port), Is.True, $"{protocol} port {port} is free again");
        Assert.That(_cli.State.List(), Is.Empty);
    }

    [Test]
    public async Task TraineeToken_CannotTakeTheInstanceDown_NorSeeItsFaults()
    {
        var up = await _cli.ProcessAsync("up", "tunnel-udp-blocked", "--detach", "--json");
        Assert.That(up.ExitCode, Is.EqualTo(0), up.Error);
        var record = _cli.State.Read("tunnel-udp-blocked")!;

        using var trainee = new FaultLab.Control.ControlClient(record, record.TraineeToken);
        var status = await trainee.GetAsync("status", CancellationToken.None);
        Assert.That(status["faults"], Is.Null, "the fault list is the diagnosis; trainees do not get it");
        var refused = Assert.ThrowsAsync<FaultLab.Control.ControlException>(() => trainee.PostAsync("down", null, CancellationToken.None));
        Assert.That(refused!.Message, Is.EqualTo("taking an instance down needs the instructor token"));

        using var stranger = new FaultLab.Control.ControlClient(record, "not-a-token");
        Assert.ThrowsAsync<FaultLab.Control.ControlException>(() => stranger.GetAsync("status", CancellationToken.None));

        var down = await _cli.ProcessAsync("down", "tunnel-udp-blocked");
        Assert.That(down.ExitCode, Is.EqualTo(0), down.Error);
    }

    private static IEnumerable<(string Protocol, int Port)> Endpoints(JsonNode status)
    {
        yield return ("tcp", new Uri(status["control"]!.GetValue<string>()).Port);
        foreach (var node in status["nodes"]!.AsArray())
            foreach (var e in node!["endpoints"]!.AsArray())
                yield return (e!["service"]!.GetValue<string>().EndsWith("/udp", StringComparison.Ordinal) ? "udp" : "tcp", e["port"]!.GetValue<int>());
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool CanBind(string protocol, int port)
    {
        try
        {
            using var socket = protocol == "udp"
                ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
