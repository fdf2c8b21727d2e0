using FaultLab.Faults.Kinds;
using FaultLab.Nodes;
using FaultLab.Nodes.Dns;
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
        Update = new UpdateHostNode(new UpdateHostOptions { TargetVersion = instance.Policy.Get("appProfile.updateRule.targetVersion")!.GetValue<string>() });
        Dns = new DnsNode();
        Dns.AddInterceptor(new DnsFaultInterceptor(instance.FaultsOn("dns")));
        var captive = instance.Lab.Faults.OfType<CaptivePortalFault>().FirstOrDefault();
        Portal = new CaptivePortalNode(new CaptivePortalOptions
        {
            SessionTtl = TimeSpan.FromSeconds(captive?.SessionSeconds ?? 3600),
        });
    }

    public DnsNode Dns { get; }
    public IdpNode Idp { get; } = new();
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
        yield return Portal;
        yield return Idp;
        yield return Web;
        // The pinned app's certificate comes from its own CA, which exists once the instance generated its PKI.
        yield return Teams = new WebOriginNode(new WebOriginOptions { Host = "teams.example.lab", Title = "Teams", Issuer = _instance.Pki!.PinnedOrigin });
        yield return Media;
        yield return Ssh;
        yield return Hr;
        yield return Update;
    }
}
