using FaultLab.Faults.Kinds;
using FaultLab.Nodes;
using System.Net;
using FaultLab.Nodes.Dns;
using FaultLab.Nodes.Edge;
using FaultLab.Nodes.Idp;
using FaultLab.Nodes.Origins;
using FaultLab.Nodes.Portal;

namespace FaultLab.Runtime.Embedded;

/// <summary>
/// The nodes of the standard topology every lab runs in, built for one instance and kept typed
/// so the runtime can reach the levers of each (portal sign-in, DNS interceptors...).
/// </summary>
public sealed class StandardWorld
{
    public StandardWorld(LabInstance instance)
    {
        _instance = instance;
        var enrollments = new DeviceEnrollmentRegistry(instance.Clock);
        Edges =
        [
            new EdgeNode(new EdgeNodeOptions
            {
                Name = "edge-fra", City = "Frankfurt", GatewayHost = "fra.gateway.edge.lab", IsPrimary = true,
                EgressAddress = IPAddress.Parse("127.0.20.1"), AddedRttMs = 12, PolicyProvider = instance.Policy.Snapshot,
            }, Egress, enrollments),
            new EdgeNode(new EdgeNodeOptions
            {
                Name = "edge-sjc", City = "San Jose", GatewayHost = "sjc.gateway.edge.lab",
                EgressAddress = IPAddress.Parse("127.0.20.2"), AddedRttMs = 160, PolicyProvider = instance.Policy.Snapshot,
            }, Egress, enrollments),
        ];
        IpCheck = new IpCheckNode(Egress);
        Enrollments = enrollments;
        Update = new UpdateHostNode(new UpdateHostOptions { TargetVersion = instance.Policy.Get("appProfile.updateRule.targetVersion")!.GetValue<string>() });
        Dns = new DnsNode();
        LegacyIdp = new IdpNode(new IdpOptions
        {
            HostName = "idp-legacy.lab",
            EntityId = "https://idp-legacy.lab/saml",
            SigningCertificate = () => instance.Pki!.LegacyIdpSigning,
        }, "idp-legacy");
        Dns.AddInterceptor(new DnsFaultInterceptor(instance.FaultsOn("dns")));
        var captive = instance.Faults.FirstOrDefault(f => f.Fault is CaptivePortalFault);
        Portal = new CaptivePortalNode(new CaptivePortalOptions
        {
            SessionTtl = TimeSpan.FromSeconds((captive?.Fault as CaptivePortalFault)?.SessionSeconds ?? 3600),
            // Only a network with a captive portal holds the laptop; elsewhere the OS probes answer online.
            HoldsClients = () => captive is { Active: true },
        });
    }

    public DnsNode Dns { get; }

    /// <summary>Which egress address belongs to which edge; the ip-check site reads it.</summary>
    public EdgeEgressRegistry Egress { get; } = new();

    /// <summary>Devices enrolled with the cloud, shared by every edge.</summary>
    public DeviceEnrollmentRegistry Enrollments { get; }

    /// <summary>The tunnel edges, nearest first (the first is the primary, serving the enrollment API).</summary>
    public IReadOnlyList<EdgeNode> Edges { get; }

    public IpCheckNode IpCheck { get; }
    public IdpNode Idp { get; } = new();

    /// <summary>The IdP the tenant used before its migration: it still signs users in, with its own issuer and key.</summary>
    public IdpNode LegacyIdp { get; }
    public WebOriginNode Web { get; } = new(new WebOriginOptions { Host = "www.example.lab", Title = "Example Web" });
    public MediaEchoNode Media { get; } = new();
    public SshServiceNode Ssh { get; } = new();
    public PrivateAppNode Hr { get; } = new();
    public UpdateHostNode Update { get; }
    private readonly LabInstance _instance;
    public CaptivePortalNode Portal { get; }

    /// <summary>The certificate-pinned app; created when the world starts.</summary>
    public WebOriginNode? Teams { get; private set; }

    /// <summary>Nodes in start order.</summary>
    public IEnumerable<ILabNode> Nodes()
    {
        yield return Dns;
        foreach (var edge in Edges) yield return edge;
        yield return IpCheck;
        yield return Portal;
        yield return Idp;
        yield return LegacyIdp;
        yield return Web;
        // The pinned app's certificate comes from its own CA, which exists once the instance generated its PKI.
        yield return Teams = new WebOriginNode(new WebOriginOptions { Host = "teams.example.lab", Title = "Teams", Issuer = _instance.Pki!.PinnedOrigin });
        yield return Media;
        yield return Ssh;
        yield return Hr;
        yield return Update;
    }
}
