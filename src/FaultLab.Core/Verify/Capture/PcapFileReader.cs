using System.Buffers.Binary;

namespace FaultLab.Verify.Capture;

/// <summary>
/// Reads classic libpcap files (the format tcpdump and tshark write with <c>-F pcap</c>): a 24-byte
/// global header whose magic gives byte order and timestamp resolution, then records of a 16-byte
/// header and the captured bytes. pcapng is refused with a message saying so.
/// </summary>
public static class PcapFileReader
{
    private const uint MagicMicroseconds = 0xa1b2c3d4;
    private const uint MagicNanoseconds = 0xa1b23c4d;
    private const uint PcapNgBlock = 0x0a0d0d0a;
    private const int GlobalHeaderBytes = 24;
    private const int RecordHeaderBytes = 16;
    // A record larger than this is a corrupt length field, not a packet (libpcap's own ceiling is 256 KiB).
    private const int MaximumRecordBytes = 256 * 1024;

    /// <summary>Every record of <paramref name="stream"/>, in file order; <paramref name="name"/> names the file in errors.</summary>
    public static async Task<IReadOnlyList<CapturedPacket>> ReadAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        var header = new byte[GlobalHeaderBytes];
        if (await FillAsync(stream, header, cancellationToken) < GlobalHeaderBytes)
            throw new PcapFormatException($"{name}: shorter than a pcap file header");

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        bool bigEndian;
        bool nanoseconds;
        switch (magic)
        {
            case MagicMicroseconds: (bigEndian, nanoseconds) = (false, false); break;
            case MagicNanoseconds: (bigEndian, nanoseconds) = (false, true); break;
            default:
                var swapped = BinaryPrimitives.ReverseEndianness(magic);
                if (swapped == MagicMicroseconds) (bigEndian, nanoseconds) = (true, false);
                else if (swapped == MagicNanoseconds) (bigEndian, nanoseconds) = (true, true);
                else if (magic == PcapNgBlock) throw new PcapFormatException($"{name}: is pcapng, not classic pcap");
                else throw new PcapFormatException($"{name}: not a pcap file (magic 0x{magic:x8})");
                break;
        }
        var linkType = (int)(ReadUInt32(header.AsSpan(20), bigEndian) & 0x0fffffff);

        var packets = new List<CapturedPacket>();
        var recordHeader = new byte[RecordHeaderBytes];
        while (true)
        {
            var got = await FillAsync(stream, recordHeader, cancellationToken);
            if (got == 0) break;
            if (got < RecordHeaderBytes) throw new PcapFormatException($"{name}: record {packets.Count + 1} is cut short in its header");
            var seconds = ReadUInt32(recordHeader, bigEndian);
            var fraction = ReadUInt32(recordHeader.AsSpan(4), bigEndian);
            var includedBytes = ReadUInt32(recordHeader.AsSpan(8), bigEndian);
            if (includedBytes > MaximumRecordBytes)
                throw new PcapFormatException($"{name}: record {packets.Count + 1} claims {includedBytes} bytes");
            var data = new byte[includedBytes];
            if (await FillAsync(stream, data, cancellationToken) < data.Length)
                throw new PcapFormatException($"{name}: record {packets.Count + 1} is cut short");
            var ticks = nanoseconds ? fraction / 100 : fraction * 10L;
            packets.Add(new CapturedPacket(DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(ticks), linkType, data));
        }
        return packets;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private static async Task<int> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }
}
