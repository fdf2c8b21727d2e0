using System.Net;
using System.Text.Json.Nodes;
using FaultLab.Agent;
using FaultLab.Nodes;
using FaultLab.Nodes.Edge;
using FaultLab.Nodes.Idp;
using FaultLab.Nodes.Origins;
using FaultLab.Pki;
using FaultLab.Settings;
using FaultLab.World;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultLab.Tests.Agent;

/// <summary>
/// A lab world for agent tests, built from the real nodes: two edges (Frankfurt near, San Jose far),
/// ip-check, IdP, web and pinned Teams origins, media echo, SSH, HR and the update host.
/// </summary>
internal sealed class AgentWorld : IAsyncDisposable
{
    private readonly List<ILabNode> _nodes = [];

    private AgentWorld(NodeContext context, string directory)
    {
        Context = context;
        Directory = directory;
    }

    public NodeContext Context { get; }
    public LabPki Pki => Context.Pki;
    public LabDirectory Services => Context.Directory;
    public string Directory { get; }

    /// <summary>The admin portal's policy; the edges serve it live (tests change it before starting an agent).</summary>
    public SettingsDocument Policy { get; } = SettingsDocument.DefaultPolicy();

    /// <summary>The laptop's state (tests change it before starting an agent).</summary>
    public SettingsDocument Device { get; } = SettingsDocument.DefaultDevice();

    public MediaEchoNode Media { get; } = new();

    public static readonly IReadOnlyList<AgentEdgeCandidate> Edges =
        [new("edge-fra", "fra.gateway.edge.lab"), new("edge-sjc", "sjc.gateway.edge.lab")];

    public static async Task<AgentWorld> StartAsync(CancellationToken cancellationToken)
    {
        var context = new NodeContext("agent-test", LabPki.Create("agent-test", DateTimeOffset.UtcNow), new LabDirectory(),
            IPAddress.Loopback, NullLoggerFactory.Instance, TimeProvider.System);
        var directory = Path.Combine(Path.GetTempPath(), "faultlab-agent-" + Guid.NewGuid().ToString("N"));
        var world = new AgentWorld(context, directory);
        var egress = new EdgeEgressRegistry();
        var enrollments = new DeviceEnrollmentRegistry(TimeProvider.System);
        try
        {
            await world.StartNodeAsync(new EdgeNode(new EdgeNodeOptions
            {
                Name = "edge-fra", City = "Frankfurt", GatewayHost = "fra.gateway.edge.lab", IsPrimary = true,
                EgressAddress = IPAddress.Parse("127.65.0.1"), AddedRttMs = 5, PolicyProvider = world.ServedPolicy,
            }, egress, enrollments), cancellationToken);
            await world.StartNodeAsync(new EdgeNode(new EdgeNodeOptions
            {
                Name = "edge-sjc", City = "San Jose", GatewayHost = "sjc.gateway.edge.lab",
                EgressAddress = IPAddress.Parse("127.65.0.2"), AddedRttMs = 150, PolicyProvider = world.ServedPolicy,
            }, egress, enrollments), cancellationToken);
            await world.StartNodeAsync(new IpCheckNode(egress), cancellationToken);
            await world.StartNodeAsync(new IdpNode(), cancellationToken);
            await world.StartNodeAsync(new WebOriginNode(new WebOriginOptions { Host = "www.example.lab", Title = "Example Web" }), cancellationToken);
            await world.StartNodeAsync(new WebOriginNode(new WebOriginOptions { Host = "teams.example.lab", Title = "Teams", Issuer = context.Pki.PinnedOrigin }), cancellationToken);
            await world.StartNodeAsync(world.Media, cancellationToken);
            await world.StartNodeAsync(new SshServiceNode(), cancellationToken);
            await world.StartNodeAsync(new PrivateAppNode(), cancellationToken);
            await world.StartNodeAsync(new UpdateHostNode(new UpdateHostOptions { TargetVersion = "4.5.0.300", PackageSizeBytes = 4096 }), cancellationToken);
        }
        catch (Exception)
        {
            await world.DisposeAsync();
            throw;
        }
        return world;
    }

    /// <summary>Adds the pinned app to the SSL-inspection bypass, so the edge does not re-sign its chain.</summary>
    /// <summary>The admin removes the pinned app from the SSL-inspection bypass (the ssl-pinning lab's starting point).</summary>
    public void InspectTeams() =>
        Policy.SetFromText("sslInspection.bypass", """["*.edge.lab", "idp.lab"]""");

    public void BypassInspectionForTeams() =>
        Policy.SetFromText("sslInspection.bypass", """["*.edge.lab", "idp.lab", "teams.example.lab"]""");

    /// <summary>The policy as the edge serves it, with the IdP signing certificate the ACS checks against.</summary>
    public JsonObject ServedPolicy()
    {
        var policy = Policy.Snapshot();
        ((JsonObject)policy["idp"]!)["signingCertificate"] = Pki.IdpSigning.ExportCertificatePem();
        return policy;
    }

    /// <summary>The agent's timeouts in these tests: short back-off so retries show within a test's deadline.</summary>
    public static AgentTimeouts TestTimeouts { get; } = new() { MaxBackoff = TimeSpan.FromSeconds(1), MediaEchoWait = TimeSpan.FromSeconds(1) };

    /// <summary>An agent on a laptop directly connected to the world (or through <paramref name="network"/>), with <see cref="TestTimeouts"/> unless given others.</summary>
    public AgentService Agent(ILaptopNetwork? network = null, AgentTimeouts? timeouts = null) =>
        new(new AgentEnvironment(network ?? new DirectLaptopNetwork(Services, NetworkProfile.Find("home")!), Device, Pki.Root.Certificate,
            Pki.PinnedOrigin.Certificate, TimeProvider.System, Edges, Path.Combine(Directory, "logs"))
        {
            IdpSigningCertificate = () => Pki.IdpSigning,
            Timeouts = timeouts ?? TestTimeouts,
        });

    private async Task StartNodeAsync(ILabNode node, CancellationToken cancellationToken)
    {
        _nodes.Add(node);
        await node.StartAsync(Context, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _nodes.Count - 1; i >= 0; i--) await _nodes[i].DisposeAsync();
        Pki.Dispose();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
