using System.Buffers.Binary;
using System.Text;

namespace FaultLab.Tunnel;

/// <summary>
/// Reads the server name (SNI) from the first bytes a client sent, without consuming them, so the
/// edge can decide whether to inspect before any TLS happens. Every length is checked against what
/// is there; a hello split over several records is reassembled up to <see cref="MaxHelloBytes"/>.
/// </summary>
public static class ClientHelloPeek
{
    /// <summary>The largest ClientHello (with its record headers) the edge waits for.</summary>
    public const int MaxHelloBytes = 32 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const int RecordHeaderBytes = 5;
    private const ushort ServerNameExtension = 0;
    private const byte HostNameType = 0;

    /// <summary>
    /// Reads <paramref name="data"/>, the bytes received so far. On <see cref="ClientHelloPeekStatus.Complete"/>,
    /// <paramref name="serverName"/> is the lower-case SNI host name, or null when the hello carries none.
    /// </summary>
    public static ClientHelloPeekStatus TryRead(ReadOnlySpan<byte> data, out string? serverName)
    {
        serverName = null;
        if (data.IsEmpty) return ClientHelloPeekStatus.Incomplete;
        if (data[0] != HandshakeRecord) return ClientHelloPeekStatus.NotTls;
        // The common case is one record holding the whole hello: read it in place, without copying.
        var first = RecordPayload(data, 0, out var firstEnd, out var status);
        if (status != ClientHelloPeekStatus.Complete) return status;
        if (HelloLength(first) is not { } helloLength) return first.Length < 4 ? ClientHelloPeekStatus.Incomplete : ClientHelloPeekStatus.NotTls;
        if (first.Length >= 4 + helloLength) return ReadHello(first.Slice(4, helloLength), out serverName);

        var handshake = new byte[4 + helloLength];
        var filled = 0;
        var offset = 0;
        while (filled < handshake.Length)
        {
            var payload = offset == 0 ? first : RecordPayload(data, offset, out firstEnd, out status);
            if (status != ClientHelloPeekStatus.Complete) return status;
            var take = Math.Min(payload.Length, handshake.Length - filled);
            payload[..take].CopyTo(handshake.AsSpan(filled));
            filled += take;
            offset = firstEnd;
        }
        return ReadHello(handshake.AsSpan(4), out serverName);
    }

    /// <summary>The payload of the handshake record at <paramref name="offset"/>; Incomplete until it is all there.</summary>
    private static ReadOnlySpan<byte> RecordPayload(ReadOnlySpan<byte> data, int offset, out int end, out ClientHelloPeekStatus status)
    {
        end = offset;
        if (data.Length - offset < RecordHeaderBytes)
        {
            status = offset >= MaxHelloBytes ? ClientHelloPeekStatus.NotTls : ClientHelloPeekStatus.Incomplete;
            return default;
        }
        var header = data.Slice(offset, RecordHeaderBytes);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        if (header[0] != HandshakeRecord || header[1] != 3 || length == 0 || offset + RecordHeaderBytes + length > MaxHelloBytes)
        {
            status = ClientHelloPeekStatus.NotTls;
            return default;
        }
        if (data.Length - offset - RecordHeaderBytes < length)
        {
            status = ClientHelloPeekStatus.Incomplete;
            return default;
        }
        status = ClientHelloPeekStatus.Complete;
        end = offset + RecordHeaderBytes + length;
        return data.Slice(offset + RecordHeaderBytes, length);
    }

    private static int? HelloLength(ReadOnlySpan<byte> handshake)
    {
        if (handshake.Length < 4 || handshake[0] != ClientHelloMessage) return null;
        var length = (handshake[1] << 16) | (handshake[2] << 8) | handshake[3];
        return length + 4 + RecordHeaderBytes <= MaxHelloBytes ? length : null;
    }

    private static ClientHelloPeekStatus ReadHello(ReadOnlySpan<byte> body, out string? serverName)
    {
        serverName = null;
        var at = 2 + 32;                                  // legacy version, random
        if (body.Length < at || body[0] != 3) return ClientHelloPeekStatus.NotTls;
        if (!Vector(body, ref at, 1, out _) || !Vector(body, ref at, 2, out _) || !Vector(body, ref at, 1, out _))
            return ClientHelloPeekStatus.NotTls;          // session id, cipher suites, compression
        if (at == body.Length) return ClientHelloPeekStatus.Complete;    // no extensions at all
        if (!Vector(body, ref at, 2, out var extensions)) return ClientHelloPeekStatus.NotTls;
        var e = 0;
        while (extensions.Length - e >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(extensions[e..]);
            e += 2;
            if (!Vector(extensions, ref e, 2, out var value)) return ClientHelloPeekStatus.NotTls;
            if (type != ServerNameExtension) continue;
            var v = 0;
            if (!Vector(value, ref v, 2, out var list)) return ClientHelloPeekStatus.NotTls;
            var l = 0;
            while (l < list.Length)
            {
                var nameType = list[l++];
                if (!Vector(list, ref l, 2, out var name)) return ClientHelloPeekStatus.NotTls;
                if (nameType != HostNameType || name.IsEmpty || name.Length > 255) continue;
                foreach (var b in name)
                    if (!(b is (byte)'-' or (byte)'.' or (byte)'_' || char.IsAsciiLetterOrDigit((char)b))) return ClientHelloPeekStatus.NotTls;
                serverName = Encoding.ASCII.GetString(name).ToLowerInvariant();
                return ClientHelloPeekStatus.Complete;
            }
        }
        return ClientHelloPeekStatus.Complete;
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
}
