using System.Buffers.Binary;
using System.Text;

namespace FaultLab.Tunnel;

/// <summary>
/// Reads the fields of one frame, big-endian. The first field that does not fit records an error
/// naming the field and offset; later reads then fail too, so a decoder checks once at the end.
/// </summary>
internal ref struct TunnelFrameReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _frame;
    private readonly string _frameName;
    private int _offset;

    public TunnelFrameReader(ReadOnlySpan<byte> frame, string frameName, int offset)
    {
        _frame = frame;
        _frameName = frameName;
        _offset = offset;
    }

    public string? Error { get; private set; }

    public int Remaining => _frame.Length - _offset;

    public byte ReadByte(string field)
    {
        if (!Take(1, field, out var span)) return 0;
        return span[0];
    }

    public ushort ReadUInt16(string field) =>
        Take(2, field, out var span) ? BinaryPrimitives.ReadUInt16BigEndian(span) : (ushort)0;

    public uint ReadUInt32(string field) =>
        Take(4, field, out var span) ? BinaryPrimitives.ReadUInt32BigEndian(span) : 0;

    public ulong ReadUInt64(string field) =>
        Take(8, field, out var span) ? BinaryPrimitives.ReadUInt64BigEndian(span) : 0;

    /// <summary>A UTF-8 string with a 16-bit length prefix, at most <paramref name="maxBytes"/> long.</summary>
    public string ReadString(string field, int maxBytes)
    {
        var lengthAt = _offset;
        var length = ReadUInt16(field + " length");
        if (Error is not null) return "";
        if (length > maxBytes)
        {
            Fail($"{field} is {length} bytes at offset {lengthAt}, more than the {maxBytes} allowed");
            return "";
        }
        if (!Take(length, field, out var span)) return "";
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            Fail($"{field} at offset {lengthAt + 2} is not valid UTF-8");
            return "";
        }
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        if (Error is not null) return default;
        var rest = _frame[_offset..];
        _offset = _frame.Length;
        return rest;
    }

    /// <summary>Records an error unless one is already recorded (the first one names the real cause).</summary>
    public void Fail(string reason) => Error ??= $"{_frameName} frame: {reason}";

    /// <summary>Fails when bytes are left over after the last field.</summary>
    public void ExpectEnd()
    {
        if (Error is null && Remaining > 0) Fail($"{Remaining} unexpected trailing bytes at offset {_offset}");
    }

    private bool Take(int count, string field, out ReadOnlySpan<byte> span)
    {
        span = default;
        if (Error is not null) return false;
        if (Remaining < count)
        {
            Fail($"truncated at {field} (offset {_offset}, needs {count} bytes, {Remaining} left)");
            return false;
        }
        span = _frame.Slice(_offset, count);
        _offset += count;
        return true;
    }
}
