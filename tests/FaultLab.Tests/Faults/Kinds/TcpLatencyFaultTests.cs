using System.Diagnostics;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Tcp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class TcpLatencyFaultTests
{
    [Test]
    public async Task RoundTrip_TakesAtLeastTheLatencyBothWays()
    {
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(new TcpLatencyFault { LatencyMs = 150 }));
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);

        var watch = Stopwatch.StartNew();
        await client.SendAsync("ping"u8.ToArray());
        await client.ReceiveExactlyAsync(4);

        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(270)), "2 x 150 ms, less timer rounding");
    }

    [Test]
    public async Task LatencyDoesNotLimitThroughput_ChunksAreHeldInFlight()
    {
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(new TcpLatencyFault { LatencyMs = 100 }));
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);
        var payload = new byte[1_000_000];
        Random.Shared.NextBytes(payload);

        var echoed = client.ReceiveExactlyAsync(payload.Length);
        await client.SendAsync(payload);

        // Sixty-odd chunks each way: held one after another they would take over twelve seconds.
        Assert.That(await echoed, Is.EqualTo(payload));
    }

    [Test]
    public void Bind_NegativeLatency_IsRefusedNamingTheParameter()
    {
        Assert.That(FaultYaml.ErrorOf("kind: tcp-latency\nlink: edge\nlatencyMs: -1\n"),
            Is.EqualTo("labs/test.yaml:1:1: fault 'tcp-latency': 'latencyMs' must be between 0 and 60000, got -1"));
    }
}
