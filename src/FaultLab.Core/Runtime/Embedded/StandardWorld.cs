using FaultLab.Faults.Kinds;
using FaultLab.Nodes;
using FaultLab.Nodes.Dns;
using FaultLab.Nodes.Idp;
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
    public CaptivePortalNode Portal { get; }

    /// <summary>Nodes in start order.</summary>
    public IEnumerable<ILabNode> Nodes()
    {
        yield return Dns;
        yield return Portal;
        yield return Idp;
    }
}
