using System.Buffers.Binary;
using System.Text;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// Reads the server name (SNI) from the first bytes of a TLS connection without consuming them,
/// so the middlebox can route before any TLS happens. Every length is checked against what is
/// left; a hello split across several records is reassembled up to <see cref="MaxHelloBytes"/>.
/// </summary>
public static class TlsClientHelloParser
{
    /// <summary>The largest ClientHello accepted (post-quantum key shares make hellos grow; real ones stay far below this).</summary>
    public const int MaxHelloBytes = 64 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const int RecordHeaderBytes = 5;
    private const int MaxRecordPayloadBytes = 16384 + 2048;
    private const ushort ServerNameExtension = 0;
    private const byte HostNameType = 0;

    /// <summary>True when <paramref name="firstByte"/> starts a TLS handshake record.</summary>
    public static bool LooksLikeTls(byte firstByte) => firstByte == HandshakeRecord;

    /// <summary>
    /// Reads <paramref name="data"/>, the bytes received so far. On <see cref="ClientHelloStatus.Complete"/>,
    /// <paramref name="serverName"/> is the lower-case SNI host name, or null when the hello carries none;
    /// on <see cref="ClientHelloStatus.Malformed"/>, <paramref name="problem"/> says what is wrong.
    /// </summary>
    public static ClientHelloStatus TryRead(ReadOnlySpan<byte> data, out string? serverName, out string? problem)
    {
        serverName = null;
        problem = null;
        var handshake = new List<byte>();
        var offset = 0;
        while (true)
        {
            if (data.Length - offset < RecordHeaderBytes) return ClientHelloStatus.Incomplete;
            var header = data.Slice(offset, RecordHeaderBytes);
            if (header[0] != HandshakeRecord) return Fail($"record type {header[0]} where a handshake record (22) was expected", out problem);
            if (header[1] != 3 || header[2] > 4) return Fail($"record version {header[1]}.{header[2]} is not TLS", out problem);
            var length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
            if (length is 0 or > MaxRecordPayloadBytes) return Fail($"record length {length} is out of range", out problem);
            if (data.Length - offset - RecordHeaderBytes < length) return ClientHelloStatus.Incomplete;
            handshake.AddRange(data.Slice(offset + RecordHeaderBytes, length));
            offset += RecordHeaderBytes + length;

            if (handshake.Count < 4) continue;
            if (handshake[0] != ClientHelloMessage) return Fail($"handshake message type {handshake[0]} is not ClientHello (1)", out problem);
            var messageLength = (handshake[1] << 16) | (handshake[2] << 8) | handshake[3];
            if (messageLength > MaxHelloBytes) return Fail($"ClientHello of {messageLength} bytes is larger than {MaxHelloBytes}", out problem);
            if (handshake.Count - 4 < messageLength) continue;
            if (handshake.Count - 4 > messageLength) return Fail("bytes follow the ClientHello inside its records", out problem);
            return ReadBody(handshake.ToArray().AsSpan(4), out serverName, out problem);
        }
    }

    private static ClientHelloStatus ReadBody(ReadOnlySpan<byte> body, out string? serverName, out string? problem)
    {
        serverName = null;
        var at = 0;
        if (!Skip(body, ref at, 2 + 32)) return Fail("ClientHello ends inside its version or random", out problem);
        if (body[0] != 3) return Fail($"ClientHello version {body[0]}.{body[1]} is not TLS", out problem);
        if (!Vector(body, ref at, 1, out var sessionId) || sessionId.Length > 32) return Fail("bad session id length", out problem);
        if (!Vector(body, ref at, 2, out var suites) || suites.Length < 2 || suites.Length % 2 != 0) return Fail("bad cipher suite list", out problem);
        if (!Vector(body, ref at, 1, out var compression) || compression.Length < 1) return Fail("bad compression method list", out problem);
        problem = null;
        if (at == body.Length) return ClientHelloStatus.Complete;     // no extensions at all
        if (!Vector(body, ref at, 2, out var extensions) || at != body.Length) return Fail("extension block length does not match the ClientHello", out problem);

        var e = 0;
        var seenServerName = false;
        while (e < extensions.Length)
        {
            if (extensions.Length - e < 4) return Fail("extension header is truncated", out problem);
            var type = BinaryPrimitives.ReadUInt16BigEndian(extensions[e..]);
            e += 2;
            if (!Vector(extensions, ref e, 2, out var value)) return Fail($"extension {type} is longer than the block", out problem);
            if (type != ServerNameExtension) continue;
            if (seenServerName) return Fail("two server_name extensions", out problem);
            seenServerName = true;
            if (ReadServerName(value, out serverName) is { } bad) return Fail(bad, out problem);
        }
        return ClientHelloStatus.Complete;
    }

    private static string? ReadServerName(ReadOnlySpan<byte> value, out string? serverName)
    {
        serverName = null;
        var at = 0;
        if (!Vector(value, ref at, 2, out var list) || at != value.Length) return "server_name list length does not match the extension";
        var l = 0;
        while (l < list.Length)
        {
            if (list.Length - l < 1) return "server_name entry is truncated";
            var nameType = list[l++];
            if (!Vector(list, ref l, 2, out var name)) return "server_name entry is longer than the list";
            if (nameType != HostNameType) continue;
            if (serverName is not null) return "two host names in server_name";
            if (name.Length is 0 or > 255) return $"host name of {name.Length} bytes";
            foreach (var b in name)
                if (!(b is (byte)'-' or (byte)'.' or (byte)'_' || char.IsAsciiLetterOrDigit((char)b)))
                    return $"host name contains byte 0x{b:x2}";
            if (name[0] == (byte)'.' || name[^1] == (byte)'.') return "host name starts or ends with a dot";
            serverName = Encoding.ASCII.GetString(name).ToLowerInvariant();
        }
        return null;
    }

    /// <summary>Reads a vector with a <paramref name="lengthBytes"/>-byte big-endian length prefix, if it fits.</summary>
    private static bool Vector(ReadOnlySpan<byte> data, ref int at, int lengthBytes, out ReadOnlySpan<byte> vector)
    {
        vector = default;
        if (data.Length - at < lengthBytes) return false;
        var length = lengthBytes == 1 ? data[at] : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
        if (data.Length - at - lengthBytes < length) return false;
        vector = data.Slice(at + lengthBytes, length);
        at += lengthBytes + length;
        return true;
    }

    private static bool Skip(ReadOnlySpan<byte> data, ref int at, int count)
    {
        if (data.Length - at < count) return false;
        at += count;
        return true;
    }

    private static ClientHelloStatus Fail(string why, out string? problem)
    {
        problem = why;
        return ClientHelloStatus.Malformed;
    }
}
