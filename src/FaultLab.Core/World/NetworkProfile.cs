namespace FaultLab.World;

/// <summary>A network the laptop can be on, as the agent's trusted-network detection sees it.</summary>
/// <param name="Name">Lab-file name, e.g. "hotel-wifi".</param>
/// <param name="DnsView">Which resolver the network hands out: "public" or "office".</param>
/// <param name="SearchDomains">DNS search domains the network configures.</param>
/// <param name="Description">One line for listings.</param>
public sealed record NetworkProfile(string Name, string DnsView, IReadOnlyList<string> SearchDomains, string Description)
{
    /// <summary>The networks of the standard world.</summary>
    public static IReadOnlyList<NetworkProfile> All { get; } =
    [
        new("home", "public", ["home.arpa"], "home broadband"),
        new("office", "office", ["corp.lab"], "the corporate office LAN"),
        new("hotel-wifi", "public", ["hotel.lan"], "hotel guest Wi-Fi"),
        new("coffee-shop", "public", [], "open café Wi-Fi"),
    ];

    public static NetworkProfile? Find(string name) => All.FirstOrDefault(n => n.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
