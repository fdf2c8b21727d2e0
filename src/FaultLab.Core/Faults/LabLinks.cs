namespace FaultLab.Faults;

/// <summary>The links from the laptop to each node of the standard topology; faults attach to these names.</summary>
public static class LabLinks
{
    public static IReadOnlyList<string> All { get; } = ["edge", "idp", "internet", "portal", "dns", "private", "update"];

    private static readonly string[] PortalHosts = ["portal.lab", "connectivitycheck.gstatic.lab", "captive.apple.lab", "www.msftconnecttest.lab"];

    /// <summary>The link the laptop reaches <paramref name="host"/> over.</summary>
    public static string LinkOf(string host)
    {
        var h = host.TrimEnd('.').ToLowerInvariant();
        if (h is "dns.lab" or "dns.corp.lab") return "dns";
        if (h == "update.edge.lab") return "update";
        if (h == "idp.lab") return "idp";
        if (PortalHosts.Contains(h)) return "portal";
        if (h.EndsWith(".corp.lab", StringComparison.Ordinal)) return "private";
        if (h.EndsWith(".edge.lab", StringComparison.Ordinal) && h != "ip.edge.lab") return "edge";
        return "internet";
    }
}
