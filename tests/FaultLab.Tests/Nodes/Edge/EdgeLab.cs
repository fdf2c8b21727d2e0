using System.Net;
using System.Text.Json.Nodes;
using FaultLab.Nodes;
using FaultLab.Nodes.Edge;
using FaultLab.Pki;
using FaultLab.Tunnel;
using FaultLab.World;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Tests.Nodes.Edge;

/// <summary>
/// A small world for edge tests: a PKI and directory, a primary edge in Frankfurt, the ip-check
/// site, and echo origins (TCP on a web port, UDP, and TCP on port 22).
/// </summary>
internal sealed class EdgeLab : IAsyncDisposable
{
    public const string EchoHost = "echo.example.lab";
    public const string MediaHost = "media.example.lab";
    public const string SshHost = "ssh.example.lab";
    public static readonly IPAddress FraEgress = IPAddress.Parse("127.64.0.1");

    private EdgeLab(NodeContext context, EdgeEgressRegistry egress, DeviceEnrollmentRegistry enrollments, EdgeNode edge, IpCheckNode ipCheck,
        TcpEchoOrigin tcpEcho, UdpEchoOrigin udpEcho, TcpEchoOrigin sshEcho)
    {
        Context = context;
        Egress = egress;
        Enrollments = enrollments;
        Edge = edge;
        IpCheck = ipCheck;
        TcpEcho = tcpEcho;
        UdpEcho = udpEcho;
        SshEcho = sshEcho;
    }

    public NodeContext Context { get; }
    public LabPki Pki => Context.Pki;
    public LabDirectory Directory => Context.Directory;
    public EdgeEgressRegistry Egress { get; }
    public DeviceEnrollmentRegistry Enrollments { get; }
    public EdgeNode Edge { get; }
    public IpCheckNode IpCheck { get; }
    public TcpEchoOrigin TcpEcho { get; }
    public UdpEchoOrigin UdpEcho { get; }
    public TcpEchoOrigin SshEcho { get; }

    /// <summary>The JSON the edge's policy API serves; tests may change it.</summary>
    public JsonObject Policy { get; set; } = new() { ["forwarding"] = new JsonObject { ["tunnelVersion"] = 2, ["transport"] = "dtls-with-tls-fallback" } };

    public static async Task<EdgeLab> StartAsync(CancellationToken cancellationToken)
    {
        var context = new NodeContext("edge-tests", LabPki.Create("edge-tests", DateTimeOffset.UtcNow), new LabDirectory(),
            IPAddress.Loopback, NullLoggerFactory.Instance, TimeProvider.System);
        var tcpEcho = new TcpEchoOrigin();
        var udpEcho = new UdpEchoOrigin();
        var sshEcho = new TcpEchoOrigin();
        context.Directory.Register(new ServiceAddress(EchoHost, 443, Transport.Tcp), tcpEcho.EndPoint);
        context.Directory.Register(new ServiceAddress(MediaHost, 443, Transport.Udp), udpEcho.EndPoint);
        context.Directory.Register(new ServiceAddress(SshHost, 22, Transport.Tcp), sshEcho.EndPoint);

        var egress = new EdgeEgressRegistry();
        var enrollments = new DeviceEnrollmentRegistry(TimeProvider.System);
        EdgeLab? lab = null;
        var edge = new EdgeNode(new EdgeNodeOptions
        {
            Name = "edge-fra",
            City = "Frankfurt",
            Cloud = "faultlab.net",
            GatewayHost = "fra.gateway.edge.lab",
            IsPrimary = true,
            EgressAddress = FraEgress,
            PolicyProvider = () => lab!.Policy,
        }, egress, enrollments);
        var ipCheck = new IpCheckNode(egress);
        lab = new EdgeLab(context, egress, enrollments, edge, ipCheck, tcpEcho, udpEcho, sshEcho);
        await edge.StartAsync(context, cancellationToken);
        await ipCheck.StartAsync(context, cancellationToken);
        return lab;
    }

    /// <summary>Enrolls a device and returns its token.</summary>
    public string Enroll(string deviceId, string hostname = "LAPTOP-1") =>
        Enrollments.Enroll(deviceId, hostname, "alice", null).DeviceToken;

    public DtlsTunnelClientOptions DtlsOptions(TimeSpan? handshakeTimeout = null) =>
        new(EdgeNode.SharedGatewayHost, Pki.Root.Certificate) { HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(3) };

    public TlsTunnelClientOptions TlsOptions() => new(EdgeNode.SharedGatewayHost, Pki.Root.Certificate);

    public async ValueTask DisposeAsync()
    {
        await IpCheck.DisposeAsync();
        await Edge.DisposeAsync();
        await TcpEcho.DisposeAsync();
        await UdpEcho.DisposeAsync();
        await SshEcho.DisposeAsync();
        Pki.Dispose();
    }
}
