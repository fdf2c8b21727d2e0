using System.Buffers.Binary;
using System.Net;
using FaultLab.World;

namespace FaultLab.Agent;

/// <summary>
/// Writes what the agent sends and receives as a classic pcap file (raw IPv4, link type 101) that
/// tshark reads: each payload becomes one IPv4 packet with a TCP or UDP header between the two
/// endpoints. The only place that knows the file format, so it can be swapped for a shared writer.
/// </summary>
public sealed class PcapRecorder : IAsyncDisposable
{
    private const int LinkTypeRaw = 101;
    private const int MaxPayloadPerPacket = 65_000;

    private readonly FileStream _file;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly Dictionary<(IPEndPoint, IPEndPoint), uint> _sequences = new();
    private bool _closed;

    public PcapRecorder(string path, TimeProvider clock)
    {
        Path = path;
        _clock = clock;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), LinkTypeRaw);
        _file.Write(header);
    }

    public string Path { get; }

    public int Packets { get; private set; }

    /// <summary>Records one payload from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public void Record(Transport transport, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (_closed) return;
            do
            {
                var chunk = payload[..Math.Min(payload.Length, MaxPayloadPerPacket)];
                WritePacket(transport, source, destination, chunk);
                payload = payload[chunk.Length..];
            }
            while (payload.Length > 0);
            _file.Flush();
        }
    }

    private void WritePacket(Transport transport, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        var l4 = transport == Transport.Tcp ? 20 : 8;
        var packet = new byte[20 + l4 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = transport == Transport.Tcp ? (byte)6 : (byte)17;
        source.Address.MapToIPv4().TryWriteBytes(packet.AsSpan(12), out _);
        destination.Address.MapToIPv4().TryWriteBytes(packet.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), HeaderChecksum(packet.AsSpan(0, 20)));
        var l4Span = packet.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(l4Span, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(l4Span[2..], (ushort)destination.Port);
        if (transport == Transport.Tcp)
        {
            var flow = (source, destination);
            _sequences.TryGetValue(flow, out var sequence);
            _sequences[flow] = sequence + (uint)payload.Length;
            BinaryPrimitives.WriteUInt32BigEndian(l4Span[4..], sequence);
            l4Span[12] = 0x50;
            l4Span[13] = 0x18;                          // PSH, ACK
            BinaryPrimitives.WriteUInt16BigEndian(l4Span[14..], 65535);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(l4Span[4..], (ushort)(8 + payload.Length));
        }
        payload.CopyTo(l4Span[l4..]);

        var now = _clock.GetUtcNow();
        var record = new byte[16];
        var micros = now.ToUnixTimeMilliseconds() * 1000 + now.Ticks % TimeSpan.TicksPerMillisecond / 10;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)packet.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)packet.Length);
        _file.Write(record);
        _file.Write(packet);
        Packets++;
    }

    private static ushort HeaderChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate) _closed = true;
        await _file.DisposeAsync();
    }
}
