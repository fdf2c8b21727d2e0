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

    /// <summary>The ip-check page's exact texts, as the product words them.</summary>
    public const string ConnectedViaFrankfurt = "You are accessing the Internet via FaultLab Edge: Frankfurt in the faultlab.net cloud.";
    public const string NotConnectedText = "The request received from you didn't come from an edge IP therefore you are NOT going through the edge service.";

    private EdgeLab(string pemDirectory, NodeContext context, EdgeEgressRegistry egress, DeviceEnrollmentRegistry enrollments, EdgeNode edge, IpCheckNode ipCheck,
        TcpEchoOrigin tcpEcho, UdpEchoOrigin udpEcho, TcpEchoOrigin sshEcho)
    {
        PemDirectory = pemDirectory;
        Context = context;
        Egress = egress;
        Enrollments = enrollments;
        Edge = edge;
        IpCheck = ipCheck;
        TcpEcho = tcpEcho;
        UdpEcho = udpEcho;
        SshEcho = sshEcho;
    }

    /// <summary>The lab's public certificates as PEM files (root.pem, acmeproxy.pem...) for real clients.</summary>
    public string PemDirectory { get; }

    public string RootPem => Path.Combine(PemDirectory, "root.pem");

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
        var pemDirectory = System.IO.Directory.CreateTempSubdirectory("edge-lab-").FullName;
        context.Pki.ExportPublic(pemDirectory);
        lab = new EdgeLab(pemDirectory, context, egress, enrollments, edge, ipCheck, tcpEcho, udpEcho, sshEcho);
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

    /// <summary>Where the lab serves <paramref name="host"/>:<paramref name="port"/> (fails the test when nothing does).</summary>
    public IPEndPoint Resolve(string host, int port, Transport transport)
    {
        Assert.That(Directory.TryResolve(new ServiceAddress(host, port, transport), out var endPoint), Is.True, $"{host}:{port}/{transport} is not registered");
        return endPoint;
    }

    /// <summary>A tunnel to the shared gateway name over DTLS or TLS.</summary>
    public async Task<TunnelClient> ConnectAsync(TunnelTransportKind kind, CancellationToken cancellationToken) =>
        kind == TunnelTransportKind.Dtls
            ? await TunnelClient.ConnectDtlsAsync(Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Udp), DtlsOptions(), cancellationToken)
            : await TunnelClient.ConnectTlsAsync(Resolve(EdgeNode.SharedGatewayHost, 443, Transport.Tcp), EdgeNode.SharedGatewayHost, Pki.Root.Certificate, cancellationToken);

    /// <summary>A tunnel whose Hello, as a freshly enrolled device, was accepted.</summary>
    public async Task<TunnelClient> ConnectAndHelloAsync(TunnelTransportKind kind, string deviceId, int tunnelVersion, CancellationToken cancellationToken)
    {
        var tunnel = await ConnectAsync(kind, cancellationToken);
        var hello = await tunnel.HelloAsync(Enroll(deviceId), tunnelVersion, cancellationToken);
        Assert.That(hello.Accepted, Is.True, hello.RefusedReason);
        return tunnel;
    }

    /// <summary>One HTTP/1.1 GET over a tunnelled TCP stream; the whole response, head and body.</summary>
    public static async Task<string> HttpGetAsync(TunnelClient tunnel, string host, CancellationToken cancellationToken)
    {
        await using var stream = await tunnel.OpenStreamAsync(host, 80, Transport.Tcp, cancellationToken);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), cancellationToken);
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync(cancellationToken);
        Assert.That(stream.RemoteClosed, Is.True, "the origin's close reaches the client");
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await IpCheck.DisposeAsync();
        await Edge.DisposeAsync();
        await TcpEcho.DisposeAsync();
        await UdpEcho.DisposeAsync();
        await SshEcho.DisposeAsync();
        Pki.Dispose();
        System.IO.Directory.Delete(PemDirectory, recursive: true);
    }
}
