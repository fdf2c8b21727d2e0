using System.Buffers.Binary;
using System.Text;
using FaultLab.World;

namespace FaultLab.Tunnel;

/// <summary>
/// Encodes and decodes tunnel frames. Layout: one type byte, then the fields big-endian; strings
/// carry a 16-bit length. Decoding never throws: a malformed frame yields the reason it was refused.
/// </summary>
public static class TunnelFrameCodec
{
    /// <summary>Longest device token accepted in a Hello.</summary>
    public const int MaxTokenBytes = 512;

    /// <summary>Longest host name accepted in an Open (the DNS limit).</summary>
    public const int MaxHostBytes = 253;

    /// <summary>Longest reason or name string accepted.</summary>
    public const int MaxTextBytes = 1024;

    public static byte[] Encode(TunnelFrame frame)
    {
        var body = new List<byte>(32) { (byte)frame.Type };
        switch (frame)
        {
            case HelloFrame f:
                if (f.TunnelVersion is < 0 or > byte.MaxValue) throw new ArgumentOutOfRangeException(nameof(frame), "tunnel version must fit in one byte");
                body.Add((byte)f.TunnelVersion);
                AddString(body, f.DeviceToken, MaxTokenBytes);
                break;
            case HelloOkFrame f:
                AddString(body, f.EdgeName, MaxTextBytes);
                AddString(body, f.City, MaxTextBytes);
                AddString(body, f.Cloud, MaxTextBytes);
                break;
            case HelloRefusedFrame f:
                AddString(body, f.Reason, MaxTextBytes);
                break;
            case OpenFrame f:
                AddUInt32(body, f.StreamId);
                body.Add(f.Transport == Transport.Tcp ? (byte)0 : (byte)1);
                AddString(body, f.Host, MaxHostBytes);
                if (f.Port is < 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(frame), "port must fit in 16 bits");
                AddUInt16(body, (ushort)f.Port);
                break;
            case OpenedFrame f:
                AddUInt32(body, f.StreamId);
                break;
            case OpenFailedFrame f:
                AddUInt32(body, f.StreamId);
                AddString(body, f.Reason, MaxTextBytes);
                break;
            case DataFrame f:
                return EncodeData(f.StreamId, f.Payload.Span);
            case CloseFrame f:
                AddUInt32(body, f.StreamId);
                break;
            case PingFrame f:
                AddUInt64(body, f.Nonce);
                break;
            case PongFrame f:
                AddUInt64(body, f.Nonce);
                break;
            case ProtocolErrorFrame f:
                AddString(body, Truncate(f.Reason, MaxTextBytes / 3), MaxTextBytes);   // 3 bytes per char at most
                break;
            default:
                throw new ArgumentException($"no encoding for {frame.GetType().Name}", nameof(frame));
        }
        return body.ToArray();
    }

    /// <summary>A Data frame without going through a record (the hot path of a stream).</summary>
    public static byte[] EncodeData(uint streamId, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[DataFrame.HeaderBytes + payload.Length];
        bytes[0] = (byte)TunnelFrameType.Data;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), streamId);
        payload.CopyTo(bytes.AsSpan(DataFrame.HeaderBytes));
        return bytes;
    }

    public static TunnelDecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty) return TunnelDecodeResult.Malformed("empty frame");
        var typeByte = frame[0];
        if (!Enum.IsDefined((TunnelFrameType)typeByte))
            return TunnelDecodeResult.Malformed($"unknown frame type 0x{typeByte:X2}");
        var type = (TunnelFrameType)typeByte;
        var reader = new TunnelFrameReader(frame, type.ToString(), 1);
        TunnelFrame? decoded = type switch
        {
            TunnelFrameType.Hello => DecodeHello(ref reader),
            TunnelFrameType.HelloOk => new HelloOkFrame(reader.ReadString("edge name", MaxTextBytes), reader.ReadString("city", MaxTextBytes), reader.ReadString("cloud", MaxTextBytes)),
            TunnelFrameType.HelloRefused => new HelloRefusedFrame(reader.ReadString("reason", MaxTextBytes)),
            TunnelFrameType.Open => DecodeOpen(ref reader),
            TunnelFrameType.Opened => new OpenedFrame(ReadStreamId(ref reader)),
            TunnelFrameType.OpenFailed => new OpenFailedFrame(ReadStreamId(ref reader), reader.ReadString("reason", MaxTextBytes)),
            TunnelFrameType.Data => DecodeData(ref reader),
            TunnelFrameType.Close => new CloseFrame(ReadStreamId(ref reader)),
            TunnelFrameType.Ping => new PingFrame(reader.ReadUInt64("nonce")),
            TunnelFrameType.Pong => new PongFrame(reader.ReadUInt64("nonce")),
            TunnelFrameType.ProtocolError => new ProtocolErrorFrame(reader.ReadString("reason", MaxTextBytes)),
            _ => null,
        };
        reader.ExpectEnd();
        if (reader.Error is not null) return TunnelDecodeResult.Malformed(reader.Error);
        return decoded is null ? TunnelDecodeResult.Malformed($"unknown frame type 0x{typeByte:X2}") : TunnelDecodeResult.Valid(decoded);
    }

    private static HelloFrame DecodeHello(ref TunnelFrameReader reader)
    {
        var version = reader.ReadByte("tunnel version");
        var token = reader.ReadString("device token", MaxTokenBytes);
        if (reader.Error is null && version == 0) reader.Fail("tunnel version 0 does not exist");
        return new HelloFrame(token, version);
    }

    private static OpenFrame DecodeOpen(ref TunnelFrameReader reader)
    {
        var id = ReadStreamId(ref reader);
        var transportByte = reader.ReadByte("transport");
        var host = reader.ReadString("host", MaxHostBytes);
        var port = reader.ReadUInt16("port");
        if (reader.Error is null)
        {
            if (transportByte > 1) reader.Fail($"transport {transportByte} is neither 0 (tcp) nor 1 (udp)");
            else if (host.Length == 0) reader.Fail("host is empty");
            else if (!IsHostName(host)) reader.Fail($"host '{host}' is not a host name");
            else if (port == 0) reader.Fail("port 0 cannot be opened");
        }
        return new OpenFrame(id, transportByte == 0 ? Transport.Tcp : Transport.Udp, host, port);
    }

    private static DataFrame DecodeData(ref TunnelFrameReader reader)
    {
        var id = ReadStreamId(ref reader);
        return new DataFrame(id, reader.ReadRest().ToArray());
    }

    private static uint ReadStreamId(ref TunnelFrameReader reader)
    {
        var id = reader.ReadUInt32("stream id");
        if (reader.Error is null && id == 0) reader.Fail("stream id 0 is reserved");
        return id;
    }

    private static bool IsHostName(string host) =>
        host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    private static void AddString(List<byte> body, string value, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > maxBytes) throw new ArgumentException($"'{Truncate(value, 40)}' is {bytes.Length} bytes, more than the {maxBytes} a frame carries");
        AddUInt16(body, (ushort)bytes.Length);
        body.AddRange(bytes);
    }

    private static void AddUInt16(List<byte> body, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        body.AddRange(b);
    }

    private static void AddUInt32(List<byte> body, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        body.AddRange(b);
    }

    private static void AddUInt64(List<byte> body, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        body.AddRange(b);
    }

    private static string Truncate(string value, int maxChars) =>
        value.Length <= maxChars ? value : value[..maxChars];
}
