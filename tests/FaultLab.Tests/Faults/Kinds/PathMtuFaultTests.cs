using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Labs;
using FaultLab.Middleboxes.Udp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Udp;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class PathMtuFaultTests
{
    [Test]
    public async Task Limit1400_Datagram1401IsLost_While1400Passes()
    {
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(new PathMtuFault { MaxDatagramBytes = 1400 }));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        await client.SendAsync(1401);
        await client.SendAsync(1400);

        // The relay handles datagrams in order: the 1400-byte echo proves the 1401 one was decided.
        Assert.That((await client.ReceiveAsync()).Length, Is.EqualTo(1400));
        Assert.That(relay.Dropped, Is.EqualTo(1));
        Assert.That(node.Received.TryRead(out var atNode) ? atNode.Payload.Length : 0, Is.EqualTo(1400));
        Assert.That(node.Received.TryRead(out _), Is.False, "the node never saw the 1401-byte datagram");
    }

    [Test]
    public async Task SwitchedOff_LargeDatagramsPassAtOnce_WithoutRestartingTheRelay()
    {
        await using var node = UdpTestNode.Echo();
        var link = TestLinks.Edge(new PathMtuFault { MaxDatagramBytes = 1400 });
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, link);
        using var client = new UdpTestClient(relay.ListenEndPoint);
        await client.SendAsync(1401);
        await client.SendAsync(1400);
        Assert.That((await client.ReceiveAsync()).Length, Is.EqualTo(1400));

        link.All[0].Active = false;
        await client.SendAsync(1401);
        Assert.That((await client.ReceiveAsync()).Length, Is.EqualTo(1401));

        link.All[0].Active = true;
        await client.SendAsync(1401);
        await client.SendAsync(1400);
        Assert.That((await client.ReceiveAsync()).Length, Is.EqualTo(1400), "on again: 1401 lost again");
        Assert.That(relay.Dropped, Is.EqualTo(2));
    }

    [Test]
    public void LabFile_WithZeroLimit_IsRefusedWithFileLineAndParameter()
    {
        const string lab = """
            id: mtu-blackhole
            scenario: 7
            title: Calls stutter only with the agent on
            category: tunnel
            level: L2
            briefing: Calls break up.
            network: home
            faults:
              - kind: path-mtu
                link: edge
                maxDatagramBytes: 0
            diagnosis: tunnel.mtu-blackhole
            verify:
              - agent: { tunnel: established }
            solution:
              - portal set forwarding.tunnelMtu 1400
            """;

        var error = Assert.Throws<LabFileException>(() => new LabFileParser(FaultCatalog.Standard).Parse(lab, "labs/mtu-blackhole.yaml"))!.Error;

        Assert.That(error.ToString(), Is.EqualTo("labs/mtu-blackhole.yaml:9:5: fault 'path-mtu': 'maxDatagramBytes' must be between 1 and 65507, got 0"));
    }

    [Test]
    public void Bind_DefaultsTo1400()
    {
        var fault = (PathMtuFault)FaultYaml.Bind("kind: path-mtu\nlink: edge\n");

        Assert.That(fault.MaxDatagramBytes, Is.EqualTo(1400));
        Assert.That(fault.Describe(), Is.EqualTo("path-mtu on link edge (UDP datagrams over 1400 bytes dropped)"));
    }
}
