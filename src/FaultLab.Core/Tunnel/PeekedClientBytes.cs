namespace FaultLab.Tunnel;

/// <summary>The first bytes a client sent, read but not yet forwarded, and what they turned out to be.</summary>
/// <param name="Bytes">Everything read so far; it must reach the origin (or the TLS server) before anything else.</param>
/// <param name="Status">Whether the bytes are a whole ClientHello.</param>
/// <param name="ServerName">The SNI host name of the hello, when it has one.</param>
internal sealed record PeekedClientBytes(ReadOnlyMemory<byte> Bytes, ClientHelloPeekStatus Status, string? ServerName);
