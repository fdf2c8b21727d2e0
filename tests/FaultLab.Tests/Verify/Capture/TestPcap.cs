using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;

namespace FaultLab.Tests.Verify.Capture;

/// <summary>Builds Ethernet/IPv4 frames with PacketDotNet and writes them as a classic libpcap file, in either byte order and resolution.</summary>
internal static class TestPcap
{
    private static readonly PhysicalAddress Laptop = PhysicalAddress.Parse("02-00-00-00-00-01");
    private static readonly PhysicalAddress Gateway = PhysicalAddress.Parse("02-00-00-00-00-02");

    public static byte[] Udp(string source, int sourcePort, string destination, int destinationPort, int payloadBytes = 32)
    {
        var udp = new UdpPacket((ushort)sourcePort, (ushort)destinationPort) { PayloadData = new byte[payloadBytes] };
        return Frame(source, destination, udp);
    }

    public static byte[] Tcp(string source, int sourcePort, string destination, int destinationPort)
    {
        var tcp = new TcpPacket((ushort)sourcePort, (ushort)destinationPort) { Synchronize = true, SequenceNumber = 1000, WindowSize = 64240 };
        return Frame(source, destination, tcp);
    }

    private static byte[] Frame(string source, string destination, TransportPacket transport)
    {
        var ip = new IPv4Packet(IPAddress.Parse(source), IPAddress.Parse(destination)) { PayloadPacket = transport, TimeToLive = 64 };
        var ethernet = new EthernetPacket(Laptop, Gateway, EthernetType.IPv4) { PayloadPacket = ip };
        ethernet.UpdateCalculatedValues();
        ip.UpdateIPChecksum();
        switch (transport)
        {
            case UdpPacket udp: udp.UpdateUdpChecksum(); break;
            case TcpPacket tcp: tcp.UpdateTcpChecksum(); break;
        }
        return ethernet.Bytes;
    }

    /// <summary>A pcap file with the given records (Ethernet link type unless told).</summary>
    public static byte[] File(IEnumerable<(DateTimeOffset At, byte[] Frame)> records, bool bigEndian = false, bool nanoseconds = false, int linkType = 1)
    {
        using var output = new MemoryStream();
        var header = new byte[24];
        Write32(header, 0, nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, bigEndian);
        Write16(header, 4, 2, bigEndian);
        Write16(header, 6, 4, bigEndian);
        Write32(header, 16, 65535, bigEndian);
        Write32(header, 20, (uint)linkType, bigEndian);
        output.Write(header);
        foreach (var (at, frame) in records)
        {
            var record = new byte[16];
            var sinceEpoch = at - DateTimeOffset.UnixEpoch;
            var seconds = (uint)Math.Floor(sinceEpoch.TotalSeconds);
            var remainderTicks = sinceEpoch.Ticks - seconds * TimeSpan.TicksPerSecond;
            Write32(record, 0, seconds, bigEndian);
            Write32(record, 4, (uint)(nanoseconds ? remainderTicks * 100 : remainderTicks / 10), bigEndian);
            Write32(record, 8, (uint)frame.Length, bigEndian);
            Write32(record, 12, (uint)frame.Length, bigEndian);
            output.Write(record);
            output.Write(frame);
        }
        return output.ToArray();
    }

    private static void Write32(byte[] buffer, int offset, uint value, bool bigEndian)
    {
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), value);
        else BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), value);
    }

    private static void Write16(byte[] buffer, int offset, ushort value, bool bigEndian)
    {
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), value);
        else BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), value);
    }
}
