using System.Net;
using FaultLab.Nodes.Edge;
using FaultLab.Tests.Support;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>The edge's tunnel endpoints as openssl sees them: the chain must verify against the lab root alone.</summary>
public sealed class EdgeOpensslTests
{
    private EdgeLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await EdgeLab.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [TestCase(EdgeNode.SharedGatewayHost)]
    [TestCase("fra.gateway.edge.lab")]
    public async Task OpensslSClient_TlsTunnel_VerifiesToTheLabRoot(string serverName)
    {
        ExternalTool.Require("openssl");
        var endPoint = _lab.Resolve(serverName, 443, Transport.Tcp);

        var result = await ExternalTool.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{endPoint.Port}", "-servername", serverName, "-CAfile", _lab.RootPem, "-verify_hostname", serverName],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(result.Output, Does.Contain("Verify return code: 0 (ok)"), result.All);
        Assert.That(result.Output, Does.Contain($"CN={serverName}").Or.Contain($"CN = {serverName}"));
        Assert.That(result.Output, Does.Contain("FaultLab Edge Inspection CA"), "the intermediate is sent");
    }

    [Test]
    public async Task OpensslSClient_DtlsTunnel_VerifiesToTheLabRoot()
    {
        ExternalTool.Require("openssl");
        var endPoint = _lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Udp);

        var result = await ExternalTool.RunAsync("openssl",
            ["s_client", "-dtls1_2", "-connect", $"127.0.0.1:{endPoint.Port}", "-servername", EdgeNode.SharedGatewayHost, "-CAfile", _lab.RootPem],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(result.Output, Does.Contain("Verify return code: 0 (ok)"), result.All);
        Assert.That(result.Output, Does.Contain("DTLSv1.2"));
    }

    [Test]
    public async Task OpensslSClient_WithoutTheLabRoot_FailsVerification()
    {
        ExternalTool.Require("openssl");
        var endPoint = _lab.Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Tcp);

        var result = await ExternalTool.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{endPoint.Port}", "-servername", EdgeNode.SharedGatewayHost, "-CAfile", Path.Combine(_lab.PemDirectory, "acmeproxy.pem")],
            timeout: TimeSpan.FromSeconds(10));

        Assert.That(result.Output, Does.Contain("Verify return code:").And.Not.Contain("Verify return code: 0 (ok)"), result.All);
    }
}
