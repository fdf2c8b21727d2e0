using System.Diagnostics;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes;
using FaultLab.Middleboxes.Udp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Udp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class UdpLatencyFaultTests
{
    [Test]
    public async Task RoundTrip_TakesAtLeastTheLatencyBothWays()
    {
        var latency = new UdpLatencyFault { LatencyMs = 150 };
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(latency));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        var watch = Stopwatch.StartNew();
        await client.SendAsync(64);
        await client.ReceiveAsync();

        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(270)), "2 x 150 ms, less timer rounding");
        Assert.That(relay.Delayed, Is.EqualTo(2));
    }

    [Test]
    public async Task WithoutJitter_DatagramsKeepTheirOrder()
    {
        var latency = new UdpLatencyFault { LatencyMs = 20 };
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(latency));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        for (var i = 0; i < 50; i++) await client.SendAsync([(byte)i]);
        var order = new List<int>();
        for (var i = 0; i < 50; i++) order.Add((await client.ReceiveAsync())[0]);

        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 50)));
    }

    [Test]
    public void Jitter_StaysWithinItsRange_AndRepeatsWithTheSeed()
    {
        var info = new DatagramInfo(FlowDirection.ToNode, TestLinks.EdgeUdp, new(System.Net.IPAddress.Loopback, 5000), 100);
        TimeSpan[] Delays(int seed)
        {
            var fault = new UdpLatencyFault { LatencyMs = 100, JitterMs = 30, Seed = seed };
            var faultSwitch = new FaultSwitch(fault);
            return Enumerable.Range(0, 200).Select(_ => fault.Decide(info, faultSwitch).Latency).ToArray();
        }

        var first = Delays(3);

        Assert.That(first, Is.All.InRange(TimeSpan.FromMilliseconds(70), TimeSpan.FromMilliseconds(130)));
        Assert.That(first.Distinct().Count(), Is.GreaterThan(100), "the delay varies");
        Assert.That(Delays(3), Is.EqualTo(first));
    }

    [Test]
    public void Bind_NegativeJitter_IsRefusedNamingTheParameter()
    {
        var error = FaultYaml.ErrorOf("kind: udp-latency\nlink: edge\nlatencyMs: 80\njitterMs: -5\n");

        Assert.That(error, Is.EqualTo("labs/test.yaml:1:1: fault 'udp-latency': 'jitterMs' must be between 0 and 60000, got -5"));
    }
}
