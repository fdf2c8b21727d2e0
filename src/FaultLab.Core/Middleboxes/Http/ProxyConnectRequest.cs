using System.Text;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// An explicit-proxy "CONNECT host:port HTTP/1.1" request head, read from the first bytes of a
/// connection (Kestrel does not implement CONNECT, so the middlebox reads it itself).
/// </summary>
/// <param name="Host">The target host, lower case, without brackets.</param>
/// <param name="Port">The target port.</param>
/// <param name="HeadBytes">How many bytes the request head takes, up to and including the blank line.</param>
public sealed record ProxyConnectRequest(string Host, int Port, int HeadBytes)
{
    /// <summary>The largest request head accepted.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    private static readonly byte[] Method = "CONNECT "u8.ToArray();
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    /// <summary>Whether <paramref name="first"/> (the bytes so far) can still be, or is, a CONNECT; null when more bytes are needed to tell.</summary>
    public static bool? StartsWithConnect(ReadOnlySpan<byte> first)
    {
        var n = Math.Min(first.Length, Method.Length);
        if (!first[..n].SequenceEqual(Method.AsSpan(0, n))) return false;
        return n == Method.Length ? true : null;
    }

    /// <summary>
    /// Reads a CONNECT head from <paramref name="data"/>. Returns null while the head is incomplete;
    /// throws <see cref="FormatException"/> when it is malformed or too long.
    /// </summary>
    public static ProxyConnectRequest? TryRead(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf(EndOfHead);
        if (end < 0)
        {
            if (data.Length > MaxHeadBytes) throw new FormatException($"CONNECT head longer than {MaxHeadBytes} bytes");
            return null;
        }
        var head = data[..end];
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = Encoding.ASCII.GetString(lineEnd < 0 ? head : head[..lineEnd]);
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0] != "CONNECT" || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new FormatException($"not a CONNECT request line: '{Printable(line)}'");
        var (host, port) = Authority(parts[1]);
        return new ProxyConnectRequest(host, port, end + EndOfHead.Length);
    }

    private static (string Host, int Port) Authority(string authority)
    {
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var port) || port is < 1 or > 65535)
            throw new FormatException($"CONNECT target '{Printable(authority)}' is not host:port");
        var host = authority[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > 0x7e))
            throw new FormatException($"CONNECT target '{Printable(authority)}' has no valid host");
        return (host.TrimEnd('.').ToLowerInvariant(), port);
    }

    private static string Printable(string text) =>
        new(text.Take(100).Select(c => char.IsControl(c) || c > 0x7e ? '?' : c).ToArray());
}
