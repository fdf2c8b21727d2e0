using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes;
using FaultLab.Middleboxes.Udp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Udp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class UdpLossFaultTests
{
    private const int Datagrams = 100;
    // Markers follow the data through the relay's one receive loop; at 30 % loss twenty cannot all be lost.
    private const int Markers = 20;

    [Test]
    public async Task ThirtyPercent_SameSeed_LosesExactlyTheSameDatagramsInTwoRuns()
    {
        var first = await LostIndicesAsync(seed: 7);
        var second = await LostIndicesAsync(seed: 7);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Length, Is.InRange(15, 45), "about 30 of 100 lost");
    }

    [Test]
    public async Task ThirtyPercent_DifferentSeed_LosesOtherDatagrams()
    {
        var seven = await LostIndicesAsync(seed: 7);
        var eight = await LostIndicesAsync(seed: 8);

        Assert.That(eight, Is.Not.EqualTo(seven));
    }

    [Test]
    public void Rate_ZeroNeverDrops_HundredAlwaysDrops()
    {
        var info = new DatagramInfo(FlowDirection.ToNode, TestLinks.EdgeUdp, new(System.Net.IPAddress.Loopback, 5000), 100);
        var never = new UdpLossFault { RatePercent = 0 };
        var always = new UdpLossFault { RatePercent = 100 };
        var neverSwitch = new FaultSwitch(never);
        var alwaysSwitch = new FaultSwitch(always);

        var verdicts = Enumerable.Range(0, 1000).Select(_ => (never.Decide(info, neverSwitch).Action, always.Decide(info, alwaysSwitch).Action)).ToArray();

        Assert.That(verdicts.Select(v => v.Item1), Is.All.EqualTo(DatagramAction.Pass));
        Assert.That(verdicts.Select(v => v.Item2), Is.All.EqualTo(DatagramAction.Drop));
    }

    [Test]
    public void Bind_ReadsRateAndSeed()
    {
        var fault = (UdpLossFault)FaultYaml.Bind("kind: udp-loss\nlink: edge\nratePercent: 2.5\nseed: 7\n");

        Assert.That(fault.RatePercent, Is.EqualTo(2.5));
        Assert.That(fault.Seed, Is.EqualTo(7));
    }

    [Test]
    public void Bind_RateAboveHundred_IsRefusedNamingTheParameter()
    {
        var error = FaultYaml.ErrorOf("kind: udp-loss\nlink: edge\nratePercent: 130\n");

        Assert.That(error, Is.EqualTo("labs/test.yaml:1:1: fault 'udp-loss': 'ratePercent' must be between 0 and 100, got 130"));
    }

    private static async Task<int[]> LostIndicesAsync(int seed)
    {
        var loss = new UdpLossFault { RatePercent = 30, Seed = seed };
        await using var node = UdpTestNode.Sink();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(loss));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        for (var i = 0; i < Datagrams; i++) await client.SendAsync(BitConverter.GetBytes(i));
        for (var i = 0; i < Markers; i++) await client.SendAsync(BitConverter.GetBytes(-1));

        var arrived = new HashSet<int>();
        while (true)
        {
            var (_, payload) = await node.Received.ReadAsync().AsTask().WaitAsync(UdpTestClient.ReplyTimeout);
            var index = BitConverter.ToInt32(payload);
            if (index < 0) break;
            arrived.Add(index);
        }
        return Enumerable.Range(0, Datagrams).Where(i => !arrived.Contains(i)).ToArray();
    }
}
