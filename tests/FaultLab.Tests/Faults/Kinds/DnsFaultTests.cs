using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.Labs;
using FaultLab.Tests.Support;
using FaultLab.World;
using System.Net;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class DnsFaultTests
{
    // Generous: a slow answer on a busy machine must not read as a dropped query.
    private const int ClientTimeoutMs = 5000;

    private static async Task<DnsMessage?> Ask(RunningLab lab, string name, int timeoutMs = ClientTimeoutMs)
    {
        var server = new IPEndPoint(IPAddress.Loopback, lab.Port("dns.lab", 53, Transport.Udp));
        using var client = new DnsClient([server.Address], [new UdpClientTransport(server.Port)], true, timeoutMs);
        return await client.ResolveAsync(DomainName.Parse(name), RecordType.A);
    }

    [Test]
    public async Task ServFail_ForMatchingNames_UntilSwitchedOff()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: dns-servfail
                names: ["idp.lab"]
            """);
        Assert.That((await Ask(lab, "idp.lab"))?.ReturnCode, Is.EqualTo(ReturnCode.ServerFailure));
        Assert.That((await Ask(lab, "portal.lab"))?.ReturnCode, Is.EqualTo(ReturnCode.NoError), "other names are untouched");

        using var instructor = lab.Instructor();
        await instructor.PostAsync("faults/dns-servfail/off", null, CancellationToken.None);
        var healed = await Ask(lab, "idp.lab");
        Assert.That(healed?.ReturnCode, Is.EqualTo(ReturnCode.NoError));
        Assert.That(healed!.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public async Task NxDomain_ForASuffixPattern()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: dns-nxdomain
                names: ["*.lab"]
            """);
        Assert.That((await Ask(lab, "idp.lab"))?.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(lab.Instance.Faults.Single().Counts["nxdomain"], Is.EqualTo(1));
    }

    [Test]
    public async Task Timeout_LeavesTheClientWithoutAnswer()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: dns-timeout
                names: ["idp.lab"]
            """);
        Assert.That(await Ask(lab, "idp.lab", timeoutMs: 1000), Is.Null);
    }

    [Test]
    public async Task WrongAnswer_GivesTheConfiguredAddress()
    {
        await using var lab = await RunningLab.StartWithFaultsAsync("""
              - kind: dns-wrong-answer
                names: ["idp.lab"]
                address: 127.9.9.9
            """);
        var answer = await Ask(lab, "idp.lab");
        Assert.That(answer!.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(IPAddress.Parse("127.9.9.9")));
    }

    [Test]
    public async Task Flaky_SameSeed_FailsTheSameQueries()
    {
        async Task<string> Pattern(int seed)
        {
            await using var lab = await RunningLab.StartWithFaultsAsync($"""
                  - kind: dns-flaky
                    names: ["idp.lab"]
                    ratePercent: 40
                    seed: {seed}
                """);
            var outcomes = new List<char>();
            for (var i = 0; i < 20; i++)
                outcomes.Add((await Ask(lab, "idp.lab"))?.ReturnCode switch
                {
                    ReturnCode.NoError => '.',
                    ReturnCode.ServerFailure => 'x',
                    var other => throw new AssertionException($"query {i}: unexpected outcome {other?.ToString() ?? "no answer"}"),
                });
            return new string(outcomes.ToArray());
        }

        var first = await Pattern(11);
        Assert.That(await Pattern(11), Is.EqualTo(first));
        Assert.That(first, Does.Contain("x").And.Contain("."));
    }

    [Test]
    public void WrongAnswer_OutsideLoopback_IsRefusedAtLoad()
    {
        var error = Assert.ThrowsAsync<LabFileException>(() => RunningLab.StartWithFaultsAsync("""
              - kind: dns-wrong-answer
                names: ["idp.lab"]
                address: 10.1.2.3
            """))!;
        Assert.That(error.Error.Message, Does.Contain("'address' must be in 127.0.0.0/8"));
        Assert.That(error.Error.File, Is.EqualTo("labs/test-lab.yaml"));
    }
}
