using System.Globalization;
using System.Text;

namespace FaultLab.Proxy;

/// <summary>
/// One request to an HTTP proxy: <c>CONNECT host:port</c>, or an absolute-form request such as
/// <c>GET http://host/path</c> that is relayed in origin form.
/// </summary>
/// <param name="Method">The request method as sent.</param>
/// <param name="Host">The destination host, lower case.</param>
/// <param name="Port">The destination port.</param>
/// <param name="PathAndQuery">The origin-form target of an absolute-form request; null for CONNECT.</param>
/// <param name="Version">"HTTP/1.0" or "HTTP/1.1".</param>
/// <param name="HeaderLines">The header lines as sent, without the request line.</param>
public sealed record ProxyRequest(string Method, string Host, int Port, string? PathAndQuery, string Version, IReadOnlyList<string> HeaderLines)
{
    /// <summary>Headers that concern only the hop to the proxy, never passed to the destination.</summary>
    private static readonly string[] HopByHopHeaders = ["Proxy-Connection", "Proxy-Authorization", "Connection", "Keep-Alive"];

    public bool IsConnect => PathAndQuery is null;

    /// <summary>The destination as a user reads it, e.g. "ip.edge.lab:80".</summary>
    public string Destination => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses a request head; null with the refusal to send when it is not a proxy request.</summary>
    public static ProxyRequest? Parse(HttpHead head, out ProxyRefusal? refusal)
    {
        refusal = null;
        var lines = head.Lines;
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || requestLine[2] is not ("HTTP/1.0" or "HTTP/1.1"))
        {
            refusal = ProxyRefusal.BadRequest($"'{Printable(lines[0])}' is not an HTTP/1.x request line");
            return null;
        }
        var headers = lines.Skip(1).ToArray();
        if (headers.FirstOrDefault(h => h.IndexOf(':') <= 0) is { } bad)
        {
            refusal = ProxyRefusal.BadRequest($"'{Printable(bad)}' is not a header line");
            return null;
        }
        var (method, target, version) = (requestLine[0], requestLine[1], requestLine[2]);
        if (method == "CONNECT")
        {
            var colon = target.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                refusal = ProxyRefusal.BadRequest($"CONNECT target '{Printable(target)}' is not host:port");
                return null;
            }
            return new ProxyRequest(method, target[..colon].Trim('[', ']').ToLowerInvariant(), port, null, version, headers);
        }
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            refusal = ProxyRefusal.BadRequest($"'{Printable(target)}' is not a proxy request: this is a proxy: send CONNECT host:port or an absolute http:// URL");
            return null;
        }
        if (uri.Scheme == "https")
        {
            refusal = ProxyRefusal.BadRequest($"{Printable(target)}: send CONNECT {uri.Host}:{uri.Port} for https, the proxy does not speak TLS to the destination");
            return null;
        }
        return new ProxyRequest(method, uri.Host.ToLowerInvariant(), uri.Port, uri.PathAndQuery, version, headers);
    }

    /// <summary>The head sent to the destination for an absolute-form request: origin form, hop-by-hop headers dropped, one request per connection.</summary>
    public byte[] OriginFormHead()
    {
        if (PathAndQuery is null) throw new InvalidOperationException("a CONNECT request has no origin-form head");
        var head = new StringBuilder($"{Method} {PathAndQuery} {Version}\r\n");
        foreach (var line in HeaderLines.Where(l => !HopByHopHeaders.Any(h => l.StartsWith(h + ":", StringComparison.OrdinalIgnoreCase))))
            head.Append(line).Append("\r\n");
        if (!HeaderLines.Any(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)))
            head.Append("Host: ").Append(Port == 80 ? Host : Destination).Append("\r\n");
        // One request per connection keeps the relay a plain byte splice that ends when the destination closes.
        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    public override string ToString() => IsConnect ? $"CONNECT {Destination}" : $"{Method} http://{Destination}{PathAndQuery}";

    private static string Printable(string text)
    {
        var clean = new string(text.Select(c => c is >= ' ' and < (char)127 ? c : '?').ToArray());
        return clean.Length > 120 ? clean[..120] + "..." : clean;
    }
}
