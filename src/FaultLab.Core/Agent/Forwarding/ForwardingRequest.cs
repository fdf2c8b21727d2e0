using FaultLab.World;

namespace FaultLab.Agent.Forwarding;

/// <summary>One connection an app on the laptop opens.</summary>
/// <param name="Url">The URL for web requests (what the PAC sees); for other traffic a descriptive one such as "ssh://git.example.lab:22".</param>
/// <param name="Host">The destination host name.</param>
/// <param name="Port">The destination port.</param>
/// <param name="Transport">TCP or UDP.</param>
public sealed record ForwardingRequest(string Url, string Host, int Port, Transport Transport = Transport.Tcp)
{
    /// <summary>TCP to 80 or 443: what Z-Tunnel 1.0 and the local proxy carry.</summary>
    public bool IsWeb => Transport == Transport.Tcp && Port is 80 or 443;

    /// <summary>TLS the edge could inspect: an https URL, or TCP/443 when the URL names no scheme.</summary>
    public bool IsHttps => Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || (Transport == Transport.Tcp && Port == 443 && !Url.Contains("://", StringComparison.Ordinal));

    /// <summary>A request for a web URL, with host and port taken from it.</summary>
    public static ForwardingRequest ForUrl(string url)
    {
        var uri = new Uri(url);
        return new ForwardingRequest(url, uri.Host, uri.Port);
    }

    public override string ToString() => $"{Host}:{Port}/{Transport.ToString().ToLowerInvariant()}";
}
