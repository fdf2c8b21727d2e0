using System.Globalization;

namespace FaultLab.Agent.Pac;

/// <summary>
/// Splits a FindProxyForURL result ("PROXY a:9400; DIRECT") into typed entries, in order. An entry
/// that is not understood is skipped and reported, as browsers skip it and try the next one.
/// </summary>
internal static class PacResultParser
{
    public static (IReadOnlyList<PacDecision> Decisions, IReadOnlyList<string> Ignored) Parse(string result)
    {
        var decisions = new List<PacDecision>();
        var ignored = new List<string>();
        foreach (var raw in result.Split(';'))
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            if (TryParseEntry(entry, out var decision)) decisions.Add(decision);
            else ignored.Add(entry);
        }
        return (decisions, ignored);
    }

    private static bool TryParseEntry(string entry, out PacDecision decision)
    {
        decision = PacDecision.Direct;
        var words = entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var keyword = words[0].ToUpperInvariant();
        if (keyword == "DIRECT") return words.Length == 1;

        (PacDecisionKind Kind, int DefaultPort)? kind = keyword switch
        {
            "PROXY" or "HTTP" => (PacDecisionKind.Proxy, 80),
            "HTTPS" => (PacDecisionKind.Https, 443),
            "SOCKS" => (PacDecisionKind.Socks, 1080),
            "SOCKS4" => (PacDecisionKind.Socks4, 1080),
            "SOCKS5" => (PacDecisionKind.Socks5, 1080),
            _ => null,
        };
        if (kind is null || words.Length != 2 || !TrySplitHostPort(words[1], kind.Value.DefaultPort, out var host, out var port))
            return false;
        decision = PacDecision.Via(kind.Value.Kind, host, port);
        return true;
    }

    private static bool TrySplitHostPort(string text, int defaultPort, out string host, out int port)
    {
        port = defaultPort;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 2) { host = ""; return false; }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':')) return false;
                portText = rest[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') != colon) { host = ""; return false; }  // bare IPv6 needs brackets
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0) portText = text[(colon + 1)..];
        }
        if (host.Length == 0) return false;
        return portText is null
            || (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535);
    }
}
