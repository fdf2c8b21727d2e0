using System.IO.Compression;
using System.Net;
using FaultLab.Tests.Verify.Capture;
using FaultLab.Verify;

namespace FaultLab.Tests.Verify.Checks;

public sealed class BundleCheckTests
{
    private const string EdgeUdp443 = "  - bundle: { port: 443, transport: udp }\n    host: gateway.edge.lab\n    within: 120";
    private static readonly DateTimeOffset ExportedAt = new(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);

    private string _directory = "";
    private FakeVerifyContext _context = null!;

    [SetUp]
    public void CreateLaptop()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"faultlab-bundle-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        _context = new FakeVerifyContext();
        _context.Dns["gateway.edge.lab"] = DnsLookup.Resolved("gateway.edge.lab", IPAddress.Parse("127.0.0.9"));
    }

    [TearDown]
    public void RemoveBundles() => Directory.Delete(_directory, recursive: true);

    private async Task<CheckResult> Run(string verify = EdgeUdp443) =>
        await VerifyLab.RunAsync(verify, _context);

    private string Export(bool withLog = true, params (string Name, byte[] Bytes)[] captures)
    {
        var path = Path.Combine(_directory, "faultlab-logs.zip");
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            if (withLog)
                using (var log = new StreamWriter(zip.CreateEntry("logs/agent.log").Open()))
                    log.WriteLine("tunnel: DTLS handshake timed out after 9 s");
            foreach (var (name, bytes) in captures)
                using (var entry = zip.CreateEntry(name).Open())
                    entry.Write(bytes);
        }
        File.SetLastWriteTimeUtc(path, ExportedAt.UtcDateTime);
        _context.FakeAgent!.ExportedBundlePath = path;
        return path;
    }

    private static byte[] CaptureAt(TimeSpan beforeExport, int port = 443) =>
        TestPcap.File(
        [
            (ExportedAt - beforeExport - TimeSpan.FromSeconds(1), TestPcap.Tcp("127.0.0.1", 50010, "127.0.0.9", 443)),
            (ExportedAt - beforeExport, TestPcap.Udp("127.0.0.1", 50011, "127.0.0.9", port)),
        ]);

    [Test]
    public async Task BundleWithTheFlowInTheWindow_Passes()
    {
        Export(captures: ("captures/tunnel.pcap", CaptureAt(TimeSpan.FromSeconds(30))));

        var result = await Run();

        Assert.That(result.Passed, Is.True, result.Message);
        Assert.That(result.Message, Is.EqualTo("captures/tunnel.pcap holds 1 packet(s) to gateway.edge.lab:443/udp in the 120 s before the export"));
    }

    [Test]
    public async Task FlowCapturedBeforeTheWindow_Fails()
    {
        Export(captures: ("captures/tunnel.pcap", CaptureAt(TimeSpan.FromMinutes(10))));

        var result = await Run();

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("the captures hold 1 packet(s) to gateway.edge.lab:443/udp, but none in the 120 s before the export"));
    }

    [Test]
    public async Task CaptureOfAnotherFlow_Fails()
    {
        Export(captures: ("captures/tunnel.pcap", CaptureAt(TimeSpan.FromSeconds(30), port: 9400)));

        var result = await Run();

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("no capture in the bundle holds a packet to gateway.edge.lab:443/udp"));
    }

    [Test]
    public async Task AnyTransport_CountsTheTcpPacketToo()
    {
        Export(captures: ("tunnel.pcap", CaptureAt(TimeSpan.FromSeconds(30))));
        var result = await Run("  - bundle: { host: 127.0.0.9, port: 443 }\n    within: 120");
        Assert.That(result.Message, Does.StartWith("tunnel.pcap holds 2 packet(s) to 127.0.0.9:443"));
    }

    [Test]
    public async Task BundleWithoutCaptureOrLog_FailsSayingWhatIsMissing()
    {
        Export(withLog: true);
        Assert.That((await Run()).Message, Is.EqualTo("the bundle holds no packet capture (.pcap)"));

        Export(withLog: false, ("tunnel.pcap", CaptureAt(TimeSpan.FromSeconds(30))));
        Assert.That((await Run()).Message, Is.EqualTo("the bundle holds no agent log"));
    }

    [Test]
    public async Task NothingExported_Fails()
    {
        Assert.That((await Run()).Message, Is.EqualTo("no log bundle has been exported"));
        _context.FakeAgent!.ExportedBundlePath = Path.Combine(_directory, "gone.zip");
        Assert.That((await Run()).Message, Is.EqualTo("the exported bundle gone.zip is no longer there"));
    }

    [Test]
    public async Task UnreadableCapture_IsReportedAlongsideTheMissingFlow()
    {
        Export(captures: ("broken.pcap", [1, 2, 3]));
        var result = await Run();
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Does.Contain("1 capture(s) unreadable: broken.pcap: shorter than a pcap file header"));
    }

    [Test]
    public void MissingPortOrHost_IsRefused()
    {
        Assert.That(VerifyLab.ErrorOf("  - bundle: { transport: udp }\n    host: gateway.edge.lab").Message,
            Is.EqualTo("verify check 'bundle': name the port the captured flow goes to ('port')"));
        Assert.That(VerifyLab.ErrorOf("  - bundle: { port: 443 }").Message,
            Is.EqualTo("verify check 'bundle': name the host the captured flow goes to ('host')"));
    }
}
