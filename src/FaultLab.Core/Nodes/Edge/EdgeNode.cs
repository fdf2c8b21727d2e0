using System.Net;
using FaultLab.Nodes.Origins;
using FaultLab.Nodes.Web;
using FaultLab.Tunnel;
using FaultLab.World;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Nodes.Edge;

/// <summary>
/// A tunnel edge (the product's "ZEN"): the DTLS tunnel on UDP 443, the TLS tunnel on TCP 443,
/// the explicit proxy ports (80, 9400, 9480), the UDP echo on port 7 (what a path-MTU probe pings), and on the primary edge the
/// enrollment and policy API and the private access broker. Origins see its traffic coming from
/// its own egress address, which the shared <see cref="EdgeEgressRegistry"/> maps back to it.
/// </summary>
public sealed class EdgeNode : ILabNode
{
    /// <summary>The gateway name every edge's clients may use; the primary edge answers it.</summary>
    public const string SharedGatewayHost = "gateway.edge.lab";

    /// <summary>Where the enrollment and policy API lives (on the primary edge).</summary>
    public const string ApiHost = "api.edge.lab";

    /// <summary>Where the private access broker lives (on the primary edge); it authenticates devices by their enrollment certificate.</summary>
    public const string PrivateAccessBrokerHost = "broker.private.edge.lab";

    /// <summary>The UDP echo port (RFC 862) on every gateway name: every datagram comes back unchanged.</summary>
    public const int EchoPort = 7;

    private readonly EdgeEgressRegistry _egress;
    private readonly List<NodeEndpoint> _endpoints = [];
    private DtlsTunnelListener? _dtls;
    private TlsTunnelListener? _tls;
    private WebNodeHost? _api;
    private PrivateAccessBroker? _broker;
    private readonly List<EdgeHttpProxy> _proxies = [];
    private MediaEchoNode? _echo;
    private ILogger _log = NullLogger.Instance;
    private TimeProvider _clock = TimeProvider.System;
    private TunnelServerSettings? _settings;
    private SslInspector? _inspector;
    private bool _egressRegistered;
    private int _addedRttMs;

    public EdgeNode(EdgeNodeOptions options, EdgeEgressRegistry egress, DeviceEnrollmentRegistry enrollments)
    {
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException($"edge '{options.Name}': {string.Join("; ", problems)}", nameof(options));
        Options = options;
        _egress = egress;
        Enrollments = enrollments;
        _addedRttMs = options.AddedRttMs;
        GatewayNames = options.IsPrimary && !string.Equals(options.GatewayHost, SharedGatewayHost, StringComparison.OrdinalIgnoreCase)
            ? [options.GatewayHost.ToLowerInvariant(), SharedGatewayHost]
            : [options.GatewayHost.ToLowerInvariant()];
    }

    public string Name => Options.Name;

    public string Role => "edge";

    public EdgeNodeOptions Options { get; }

    public EdgeIdentity Identity => new(Options.Name, Options.City, Options.Cloud);

    /// <summary>The gateway names this edge answers (its own first).</summary>
    public IReadOnlyList<string> GatewayNames { get; }

    public IReadOnlyList<NodeEndpoint> Endpoints => _endpoints;

    /// <summary>The shared enrollment store the edge admits tunnels against.</summary>
    public DeviceEnrollmentRegistry Enrollments { get; }

    /// <summary>Devices enrolled in the cloud (all edges of the instance share them).</summary>
    public IReadOnlyList<EnrolledDevice> EnrolledDevices => Enrollments.Devices;

    /// <summary>What the tunnel server counted: sessions, failed handshakes, refused frames and opens.</summary>
    public TunnelServerCounters TunnelCounters { get; } = new();

    /// <summary>Milliseconds added to every tunnel reply; changeable while running (the far-edge fault).</summary>
    public int AddedRttMs
    {
        get => Volatile.Read(ref _addedRttMs);
        set => Volatile.Write(ref _addedRttMs, value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "a delay cannot be negative"));
    }

    public IPEndPoint DtlsEndPoint => _dtls?.LocalEndPoint ?? throw NotStarted();

    public IPEndPoint TlsEndPoint => _tls?.LocalEndPoint ?? throw NotStarted();

    /// <summary>What SSL inspection decided per host (tunnel and proxy together), and its upstream failures.</summary>
    public SslInspectionCounters SslInspection => _inspector?.Counters ?? throw NotStarted();

    /// <summary>Requests the explicit proxy relayed, over all its ports.</summary>
    public int ProxyRequestsRelayed => _proxies.Sum(p => p.RequestsRelayed);

    /// <summary>The HTTPS endpoint of the enrollment and policy API; null on an edge that is not primary.</summary>
    public IPEndPoint? ApiEndPoint { get; private set; }

    /// <summary>The mutual-TLS endpoint of the private access broker; null on an edge that is not primary.</summary>
    public IPEndPoint? BrokerEndPoint => _broker?.EndPoint;

    public async Task StartAsync(NodeContext context, CancellationToken cancellationToken)
    {
        _log = context.Logs.CreateLogger($"FaultLab.Edge.{Name}");
        _clock = context.Clock;
        var certificates = new TunnelServerCertificates(context.Pki.EdgeInspection, GatewayNames);
        var dialer = new OriginDialer(context.Directory, Options.EgressAddress);
        _inspector = new SslInspector(context.Pki.EdgeInspection, [context.Pki.Root.Certificate, context.Pki.PinnedOrigin.Root], Options.PolicyProvider, _log);
        _settings = new TunnelServerSettings(Options.Name, Options.City, Options.Cloud, Admit, dialer, _inspector);

        _egress.Register(Options.EgressAddress, Identity);
        _egressRegistered = true;
        _dtls = DtlsTunnelListener.Start(context.BindAddress, certificates, Options.TunnelMtu, RunSessionAsync, TunnelCounters, _log);
        _tls = TlsTunnelListener.Start(context.BindAddress, certificates, RunSessionAsync, TunnelCounters, _log);
        foreach (var name in GatewayNames)
        {
            Register(context, "tunnel-dtls", "dtls", new ServiceAddress(name, 443, Transport.Udp), _dtls.LocalEndPoint);
            Register(context, "tunnel-tls", "tls", new ServiceAddress(name, 443, Transport.Tcp), _tls.LocalEndPoint);
        }

        foreach (var port in Options.ProxyPorts)
        {
            var proxy = EdgeHttpProxy.Start(context.BindAddress, port, dialer, _log, _inspector);
            _proxies.Add(proxy);
            foreach (var name in GatewayNames)
                Register(context, $"proxy-{port}", "http-proxy", new ServiceAddress(name, port, Transport.Tcp), proxy.LocalEndPoint);
        }

        // The echo is registered like the tunnel, so it sits behind the same link relays and faults (a path MTU, a blocked port).
        _echo = new MediaEchoNode(new MediaEchoOptions { Name = $"{Name}-echo", Host = GatewayNames[0], AlsoKnownAs = GatewayNames.Skip(1).ToArray(), Port = EchoPort });
        await _echo.StartAsync(context, cancellationToken);
        _endpoints.AddRange(_echo.Endpoints.Select(e => e with { Name = "echo" }));

        if (Options.IsPrimary)
        {
            var apiCertificate = WebNodeHost.ContextFor(context.Pki.EdgeInspection.LeafFor(ApiHost), context.Pki.EdgeInspection.IntermediatesForServer());
            var pki = context.Pki;
            var deviceCertificates = new DeviceCertificateIssuer(() => pki.DeviceCa, _clock);
            _api = await WebNodeHost.StartAsync(context, http: false, certificateFor: _ => apiCertificate,
                map: app => EdgeEnrollmentApi.Map(app, Enrollments, Options.PolicyProvider, _log, _clock, deviceCertificates), cancellationToken);
            ApiEndPoint = new IPEndPoint(context.BindAddress, _api.HttpsPort!.Value);
            Register(context, "api", "https", new ServiceAddress(ApiHost, 443, Transport.Tcp), ApiEndPoint);

            _broker = await PrivateAccessBroker.StartAsync(context.BindAddress, pki.EdgeInspection.LeafFor(PrivateAccessBrokerHost), pki.EdgeInspection.IntermediatesForServer(),
                new DeviceCertificateValidator(() => pki.DeviceCa, Enrollments, _clock), _log, cancellationToken);
            Register(context, "broker", "https-mtls", new ServiceAddress(PrivateAccessBrokerHost, 443, Transport.Tcp), _broker.EndPoint);
        }
        _log.LogInformation("edge {Name} ({City}) up: DTLS {Dtls}, TLS {Tls}, egress {Egress}", Name, Options.City, _dtls.LocalEndPoint, _tls.LocalEndPoint, Options.EgressAddress);
    }

    private TunnelAdmission Admit(string deviceToken)
    {
        var check = Enrollments.Check(deviceToken);
        return check.IsValid ? TunnelAdmission.Admit() : TunnelAdmission.Refuse(check.Problem!);
    }

    private async Task RunSessionAsync(ITunnelFrameTransport transport, CancellationToken cancellationToken)
    {
        await using var delayed = new DelayedFrameTransport(transport, () => TimeSpan.FromMilliseconds(AddedRttMs), _clock);
        var session = new TunnelServerSession(delayed, _settings!, TunnelCounters, _log);
        await session.RunAsync(cancellationToken);
    }

    private void Register(NodeContext context, string name, string protocol, ServiceAddress service, IPEndPoint actual)
    {
        context.Directory.Register(service, actual);
        _endpoints.Add(new NodeEndpoint(name, protocol, actual.Address.ToString(), actual.Port, service.ToString()));
    }

    private InvalidOperationException NotStarted() => new($"edge {Name} is not started");

    public async ValueTask DisposeAsync()
    {
        if (_api is not null) await _api.DisposeAsync();
        if (_broker is not null) await _broker.DisposeAsync();
        foreach (var proxy in _proxies) await proxy.DisposeAsync();
        if (_echo is not null) await _echo.DisposeAsync();
        if (_tls is not null) await _tls.DisposeAsync();
        if (_dtls is not null) await _dtls.DisposeAsync();
        if (_egressRegistered) _egress.Unregister(Options.EgressAddress);
    }
}
