using System.Net.Sockets;
using FaultLab.Faults;
using FaultLab.Faults.Kinds;
using FaultLab.Middleboxes.Tcp;
using FaultLab.Middleboxes.Udp;
using FaultLab.Tests.Middleboxes;
using FaultLab.Tests.Middleboxes.Tcp;
using FaultLab.Tests.Middleboxes.Udp;
using FaultLab.World;

namespace FaultLab.Tests.Faults.Kinds;

public sealed class EgressFirewallFaultTests
{
    [Test]
    public async Task TcpToTheEdge_IsRefusedUntilTheTraineeAllowsIt_ThenPasses()
    {
        var firewall = new EgressFirewallFault { AllowRules = ["idp.lab:443"] };
        var link = TestLinks.Edge(firewall);
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, link);

        var before = await TcpTestClient.ConnectAndReadToEndAsync(relay.ListenEndPoint);
        Assert.That(before.EndedBy, Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(link.All[0].RecentEvents.Last().Detail, Does.Contain("gateway.edge.lab:443/tcp not allowed by the egress firewall"));

        Assert.That(firewall.Allow("gateway.edge.lab:443"), Is.True);
        using var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint);
        await client.SendAsync("hello"u8.ToArray());
        Assert.That(await client.ReceiveExactlyAsync(5), Is.EqualTo("hello"u8.ToArray()));
        Assert.That(relay.Refused, Is.EqualTo(1));
    }

    [Test]
    public async Task UdpToTheEdge_IsDroppedUntilAllowed_ThenEchoes()
    {
        var firewall = new EgressFirewallFault();
        await using var node = UdpTestNode.Echo();
        await using var relay = UdpRelay.Start(TestLinks.EdgeUdp, node.EndPoint, TestLinks.Edge(firewall));
        using var client = new UdpTestClient(relay.ListenEndPoint);

        await client.SendAsync(20);
        Assert.That(await client.TryReceiveAsync(UdpTestClient.NoReplyWindow), Is.Null);
        Assert.That(relay.Dropped, Is.EqualTo(1));

        firewall.Allow("gateway.edge.lab:443/udp");
        await client.SendAsync(20);
        Assert.That((await client.ReceiveAsync()).Length, Is.EqualTo(20));
    }

    [Test]
    public async Task RemovingTheRule_RefusesTheNextConnectionAgain()
    {
        var firewall = new EgressFirewallFault { AllowRules = ["gateway.edge.lab:443"] };
        await using var node = TcpTestServer.Echo();
        await using var relay = TcpRelay.Start(TestLinks.EdgeTcp, node.EndPoint, TestLinks.Edge(firewall));
        using (var client = await TcpTestClient.ConnectAsync(relay.ListenEndPoint))
        {
            await client.SendAsync([1]);
            await client.ReceiveExactlyAsync(1);
        }

        Assert.That(firewall.Remove("GATEWAY.edge.lab:443"), Is.True, "the same rule in another spelling");

        Assert.That((await TcpTestClient.ConnectAndReadToEndAsync(relay.ListenEndPoint)).EndedBy, Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(firewall.Rules, Is.Empty);
    }

    [TestCase("gateway.edge.lab:443", "gateway.edge.lab", 443, Transport.Tcp, true)]
    [TestCase("gateway.edge.lab:443", "gateway.edge.lab", 443, Transport.Udp, true)]
    [TestCase("gateway.edge.lab:443", "gateway.edge.lab", 80, Transport.Tcp, false)]
    [TestCase("gateway.edge.lab:*", "gateway.edge.lab", 9400, Transport.Tcp, true)]
    [TestCase("*:443", "update.lab", 443, Transport.Tcp, true)]
    [TestCase("*:443", "update.lab", 80, Transport.Tcp, false)]
    [TestCase("*.edge.lab:443", "gateway.edge.lab", 443, Transport.Tcp, true)]
    [TestCase("*.edge.lab:443", "edge.lab", 443, Transport.Tcp, false)]
    [TestCase("*.edge.lab:443", "notedge.lab", 443, Transport.Tcp, false)]
    [TestCase("gateway.edge.lab:443/udp", "gateway.edge.lab", 443, Transport.Tcp, false)]
    [TestCase("gateway.edge.lab:443/UDP", "gateway.edge.lab", 443, Transport.Udp, true)]
    [TestCase("Gateway.Edge.Lab:443", "gateway.edge.lab.", 443, Transport.Tcp, true)]
    public void Rule_AllowsExactlyWhatItNames(string rule, string host, int port, Transport transport, bool allowed)
    {
        var firewall = new EgressFirewallFault { AllowRules = [rule] };

        Assert.That(firewall.Allows(new ServiceAddress(host, port, transport)), Is.EqualTo(allowed));
    }

    [TestCase("gateway.edge.lab", "rule 'gateway.edge.lab' has no port: write 'host:port', 'host:*' or '*:port'")]
    [TestCase("gateway.edge.lab:https", "rule 'gateway.edge.lab:https' has port 'https': a port is 1-65535 or '*'")]
    [TestCase("gateway.edge.lab:0", "rule 'gateway.edge.lab:0' has port '0': a port is 1-65535 or '*'")]
    [TestCase("gate way:443", "rule 'gate way:443' has host 'gate way': a host is a DNS name, '*' or '*.domain'")]
    [TestCase("gateway.edge.lab:443/sctp", "rule 'gateway.edge.lab:443/sctp' ends in '/sctp': the transport is 'tcp' or 'udp'")]
    [TestCase("  ", "an allow rule is empty")]
    public void Allow_MalformedRule_IsRefusedSayingWhatIsWrong(string rule, string message)
    {
        var firewall = new EgressFirewallFault();

        var error = Assert.Throws<ArgumentException>(() => firewall.Allow(rule));

        Assert.That(error!.Message, Does.StartWith(message));
        Assert.That(firewall.Rules, Is.Empty);
    }

    [Test]
    public void Allow_TheSameRuleTwice_KeepsOne()
    {
        var firewall = new EgressFirewallFault();

        Assert.That(firewall.Allow("gateway.edge.lab:443"), Is.True);
        Assert.That(firewall.Allow("gateway.edge.lab:443"), Is.False);
        Assert.That(firewall.Rules, Is.EqualTo(new[] { "gateway.edge.lab:443" }));
    }

    [Test]
    public async Task ConcurrentEdits_WhileTrafficIsChecked_LoseNoRule()
    {
        var firewall = new EgressFirewallFault();
        var service = new ServiceAddress("gateway.edge.lab", 443, Transport.Tcp);
        using var stop = new CancellationTokenSource();
        var checker = Task.Run(() =>
        {
            var checks = 0;
            while (!stop.IsCancellationRequested) { firewall.Allows(service); checks++; }
            return checks;
        });

        Parallel.For(1, 2001, port =>
        {
            firewall.Allow($"host{port % 50}.lab:{port}");
            if (port % 2 == 0) firewall.Remove($"host{port % 50}.lab:{port}");
        });
        stop.Cancel();

        Assert.That(firewall.Rules, Has.Count.EqualTo(1000), "every odd port stays");
        Assert.That(firewall.Rules, Is.Unique);
        Assert.That(await checker, Is.GreaterThan(0));
    }

    [Test]
    public void Bind_IsACustomerFaultByDefault_WithItsRules()
    {
        var fault = (EgressFirewallFault)FaultYaml.Bind("kind: egress-firewall\nlink: edge\nallowRules: ['idp.lab:443', '*:53/udp']\n");

        Assert.That(fault.Owner, Is.EqualTo(FaultOwner.Customer));
        Assert.That(fault.Rules, Is.EqualTo(new[] { "idp.lab:443", "*:53/udp" }));
        Assert.That(fault.Describe(), Is.EqualTo("egress-firewall on link edge (allows idp.lab:443, *:53/udp)"));
    }

    [Test]
    public void Bind_MalformedRule_IsRefusedWithFileLineAndTheRule()
    {
        var error = FaultYaml.ErrorOf("kind: egress-firewall\nlink: edge\nallowRules: ['idp.lab:443', 'gateway.edge.lab:https']\n");

        Assert.That(error, Is.EqualTo("labs/test.yaml:1:1: fault 'egress-firewall': 'allowRules'[1]: rule 'gateway.edge.lab:https' has port 'https': a port is 1-65535 or '*'"));
    }
}
