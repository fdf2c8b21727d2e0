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

        Assert.That(endpoints.Where(e => ServerHolds(e.Protocol, e.Port)), Is.EquivalentTo(endpoints), "while up, the lab holds every port it lists");
        var down = await _cli.ProcessAsync("down", "--all");
        Assert.That(down.ExitCode, Is.EqualTo(0), down.Error);

        foreach (var pid in pids)
            Assert.That(IsRunning(pid), Is.False, $"host process {pid} is gone");
        // Every port belonged to a process of this run; once none is left, none is held by the lab.
        // (A port number freed here may be taken at once by another program on a busy machine.)
        Assert.That(ProcessesOfThisRun(), Is.Empty, "no process started with this run's state directory is left");
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

    /// <summary>Processes whose environment names this run's state directory (hosts and anything they started).</summary>
    private IEnumerable<int> ProcessesOfThisRun()
    {
        if (!System.IO.Directory.Exists("/proc")) yield break;
        var marker = $"FAULTLAB_HOME={_cli.Home}\0";
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string environment;
            try
            {
                environment = File.ReadAllText(Path.Combine(dir, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or another user's process: not one of ours
            }
            if ((environment + "\0").Contains(marker, StringComparison.Ordinal)) yield return pid;
        }
    }

    /// <summary>
    /// Whether a server socket still holds the port: a TCP listener, or an unconnected bound UDP socket.
    /// Read from the kernel's socket tables where there are some, so a client connection of another
    /// process that happens to use the same ephemeral port number does not count.
    /// </summary>
    private static bool ServerHolds(string protocol, int port)
    {
        var tables = protocol == "udp" ? new[] { "/proc/net/udp", "/proc/net/udp6" } : ["/proc/net/tcp", "/proc/net/tcp6"];
        if (!File.Exists(tables[0])) return !CanBind(protocol, port);
        var hexPort = port.ToString("X4");
        foreach (var table in tables.Where(File.Exists))
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // sl local_address rem_address st ...; addresses are HEXADDR:HEXPORT, st 0A is LISTEN.
                if (!fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal)) continue;
                var unconnected = fields[2].TrimStart('0', ':').Length == 0;
                if (protocol == "tcp" ? fields[3] == "0A" : unconnected) return true;
            }
        return false;
    }

    private static bool CanBind(string protocol, int port)
    {
        try
        {
            using var socket = protocol == "udp"
                ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (protocol == "tcp") socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
