using System.Text;

namespace FaultLab.Proxy;

/// <summary>Why an HTTP proxy (the edge's, the agent's local one) answered a request itself instead of relaying it: a status and a one-line reason.</summary>
/// <param name="Status">The HTTP status sent.</param>
/// <param name="Phrase">Its reason phrase.</param>
/// <param name="Reason">One line a user can act on; sent in the body and in the X-FaultLab-Reason header.</param>
public sealed record ProxyRefusal(int Status, string Phrase, string Reason)
{
    /// <summary>The header that carries <see cref="Reason"/>, so a client reading only the head learns it too.</summary>
    public const string ReasonHeader = "X-FaultLab-Reason";

    /// <summary>The request is not one a proxy can serve (malformed, origin-form, https:// without CONNECT).</summary>
    public static ProxyRefusal BadRequest(string reason) => new(400, "Bad Request", reason);

    /// <summary>The destination is outside the proxy's scope (e.g. not a web port for the local proxy).</summary>
    public static ProxyRefusal Forbidden(string reason) => new(403, "Forbidden", reason);

    /// <summary>The request head did not arrive in time.</summary>
    public static ProxyRefusal RequestTimeout(string reason) => new(408, "Request Timeout", reason);

    /// <summary>The tunnel is down, or the edge could not open the destination.</summary>
    public static ProxyRefusal BadGateway(string reason) => new(502, "Bad Gateway", reason);

    /// <summary>The edge did not open the destination in time.</summary>
    public static ProxyRefusal GatewayTimeout(string reason) => new(504, "Gateway Timeout", reason);

    /// <summary>The whole response: status line, headers and the reason as a text body; the connection closes after it.</summary>
    public byte[] ToResponse()
    {
        var line = Reason.Replace('\r', ' ').Replace('\n', ' ');
        var body = line + "\n";
        return Encoding.UTF8.GetBytes(
            $"HTTP/1.1 {Status} {Phrase}\r\nContent-Type: text/plain; charset=utf-8\r\n{ReasonHeader}: {line}\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");
    }

    public override string ToString() => $"{Status} {Phrase}: {Reason}";
}
