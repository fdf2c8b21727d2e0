using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Nodes.Origins;
using FaultLab.Tests.Support;

namespace FaultLab.Tests.Nodes.Origins;

public sealed class SshServiceNodeTests
{
    private static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(5);

    private TestNodeContext _world = null!;
    private SshServiceNode _ssh = null!;

    [SetUp]
    public async Task StartSsh()
    {
        _world = new TestNodeContext();
        _ssh = new SshServiceNode();
        await _ssh.StartAsync(_world.Context, CancellationToken.None);
    }

    [TearDown]
    public async Task StopSsh()
    {
        await _ssh.DisposeAsync();
        _world.Dispose();
    }

    [Test]
    public async Task Client_ReadsTheBanner_ThenGetsAPoliteDisconnect()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_world.EndPointOf("ssh.example.lab", 22));
        var stream = client.GetStream();
        using var limit = new CancellationTokenSource(ReadWait);

        var banner = await ReadLineAsync(stream, limit.Token);
        await stream.WriteAsync("SSH-2.0-LabTest_0.1\r\n"u8.ToArray(), limit.Token);
        var rest = await ReadToEndAsync(stream, limit.Token);

        Assert.That(banner, Is.EqualTo("SSH-2.0-FaultLab_1.0\r\n"));
        Assert.That(rest.Length, Is.GreaterThan(9), "expected an SSH_MSG_DISCONNECT packet");
        var packetLength = BinaryPrimitives.ReadUInt32BigEndian(rest);
        Assert.That(rest.Length, Is.EqualTo(4 + packetLength));
        Assert.That(rest.Length % 8, Is.EqualTo(0), "packets before key exchange align to 8 bytes");
        Assert.That(rest[5], Is.EqualTo(1), "SSH_MSG_DISCONNECT");
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(6)), Is.EqualTo(11), "SSH_DISCONNECT_BY_APPLICATION");
        Assert.That(_ssh.LastClientIdentification, Is.EqualTo("SSH-2.0-LabTest_0.1"));
        Assert.That(_ssh.ClientsIdentified, Is.EqualTo(1));
    }

    [Test]
    public async Task NonSshClient_GetsProtocolMismatch()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_world.EndPointOf("ssh.example.lab", 22));
        var stream = client.GetStream();
        using var limit = new CancellationTokenSource(ReadWait);

        await ReadLineAsync(stream, limit.Token);
        await stream.WriteAsync("GET / HTTP/1.0\r\n"u8.ToArray(), limit.Token);
        var rest = Encoding.ASCII.GetString(await ReadToEndAsync(stream, limit.Token));

        Assert.That(rest, Is.EqualTo("Protocol mismatch.\r\n"));
        Assert.That(_ssh.ClientsIdentified, Is.EqualTo(0));
    }

    [Test]
    public async Task OpenSshClient_SeesTheRemoteVersionAndTheDisconnect()
    {
        var port = _world.EndPointOf("ssh.example.lab", 22).Port;
        var run = await ExternalTool.RunAsync("ssh", ["-v", "-F", "/dev/null", "-p", port.ToString(),
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5",
            "lab@127.0.0.1", "true"]);

        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
        Assert.That(run.Error, Does.Contain("Remote protocol version 2.0, remote software version FaultLab_1.0"), run.ToString());
        Assert.That(run.Error, Does.Contain("Received disconnect from 127.0.0.1"), run.ToString());
        Assert.That(_ssh.LastClientIdentification, Does.StartWith("SSH-2.0-OpenSSH"));
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            line.Append((char)one[0]);
            if (one[0] == '\n') break;
        }
        return line.ToString();
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        await stream.CopyToAsync(all, cancellationToken);
        return all.ToArray();
    }
}
