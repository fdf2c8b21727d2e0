namespace FaultLab.Proxy;

/// <summary>An HTTP/1.x head read off a connection, and the bytes that came after it in the same reads.</summary>
/// <param name="Outcome">Whether the head is complete.</param>
/// <param name="Text">The head without its blank line (Latin-1); empty unless complete.</param>
/// <param name="AfterHead">Bytes read past the blank line (a pipelined body or the first TLS bytes).</param>
public sealed record HttpHead(HttpHeadOutcome Outcome, string Text, ReadOnlyMemory<byte> AfterHead)
{
    /// <summary>The head's lines, the request or status line first.</summary>
    public IReadOnlyList<string> Lines => Text.Split("\r\n");

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Lines.Skip(1)
        .Select(line => line.Split(':', 2))
        .Where(parts => parts.Length == 2 && parts[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
        .Select(parts => parts[1].Trim())
        .FirstOrDefault();
}
