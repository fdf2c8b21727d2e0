using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using FaultLab.Middleboxes;
using PacketDotNet;

namespace FaultLab.Capture;

/// <summary>
/// Writes a classic libpcap file (Ethernet link type, microsecond timestamps) of the traffic the
/// middleboxes handle. Frames are synthesised: UDP datagrams as they are, TCP connections with a
/// three-way handshake, sequence and acknowledgement numbers that follow the payload, FIN and RST,
/// so tshark and Wireshark ("Follow TCP stream") read them back. Thread-safe: frames are written in
/// the order of their timestamps. Flushed on dispose.
/// </summary>
public sealed class PcapWriter : IFlowCapture, IDisposable, IAsyncDisposable
{
    private const uint Magic = 0xa1b2c3d4;
    private const ushort VersionMajor = 2;
    private const ushort VersionMinor = 4;
    private const uint SnapLength = 262144;
    private const uint LinkTypeEthernet = 1;
    private const int RecordHeaderBytes = 16;
    private const int DontFragment = 0x2;
    private const int TimeToLive = 64;
    private const ushort TcpWindowBytes = 65535;

    // Locally administered addresses: one for the laptop side of a link, one for the node side.
    private static readonly PhysicalAddress LaptopMac = new([0x02, 0x00, 0x00, 0x00, 0x00, 0x01]);
    private static readonly PhysicalAddress NodeMac = new([0x02, 0x00, 0x00, 0x00, 0x00, 0x02]);

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Random _initialSequence = new();
    private ushort _ipId;
    private long _frames;
    private bool _closed;

    /// <summary>Starts a capture on <paramref name="output"/> by writing the file header.</summary>
    public PcapWriter(Stream output, TimeProvider? clock = null, bool leaveOpen = false)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        _clock = clock ?? TimeProvider.System;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], VersionMinor);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);   // timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // timestamp accuracy, unused by readers
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        _output.Write(header);
    }

    /// <summary>Creates (or replaces) a capture file at <paramref name="path"/>; readers may open it while it grows.</summary>
    public static PcapWriter Create(string path, TimeProvider? clock = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16), clock);

    /// <summary>Largest TCP payload in one synthesised segment, as on an Ethernet path with MTU 1500.</summary>
    public static int MaxSegmentBytes => 1460;

    /// <summary>Frames written so far.</summary>
    public long FramesWritten => Interlocked.Read(ref _frames);

    public void RecordDatagram(FlowDirection direction, IPEndPoint client, IPEndPoint node, ReadOnlySpan<byte> payload)
    {
        var (source, destination) = Ends(direction, client, node);
        var udp = new UdpPacket((ushort)source.Port, (ushort)destination.Port) { PayloadData = payload.ToArray() };
        WriteFrame(direction, source, destination, udp);
    }

    public ICapturedConnection RecordConnected(IPEndPoint client, IPEndPoint node)
    {
        uint clientStart, nodeStart;
        lock (_gate)
        {
            clientStart = (uint)_initialSequence.NextInt64(uint.MaxValue);
            nodeStart = (uint)_initialSequence.NextInt64(uint.MaxValue);
        }
        var connection = new PcapTcpConnection(this, client, node, clientStart, nodeStart);
        connection.RecordHandshake();
        return connection;
    }

    public void RecordRefused(IPEndPoint client, IPEndPoint node)
    {
        uint clientStart;
        lock (_gate) clientStart = (uint)_initialSequence.NextInt64(uint.MaxValue);
        WriteTcp(FlowDirection.ToNode, client, node, clientStart, 0, PcapTcpConnection.Syn, []);
        WriteTcp(FlowDirection.ToClient, client, node, 0, clientStart + 1, PcapTcpConnection.Reset | PcapTcpConnection.Ack, []);
    }

    /// <summary>Pushes written frames to the file so a reader sees them before the capture ends.</summary>
    public void Flush()
    {
        lock (_gate)
            if (!_closed) _output.Flush();
    }

    /// <summary>Writes one TCP segment of the connection between <paramref name="client"/> and <paramref name="node"/>.</summary>
    internal void WriteTcp(FlowDirection direction, IPEndPoint client, IPEndPoint node, uint sequence, uint acknowledgement, ushort flags, ReadOnlySpan<byte> payload)
    {
        var (source, destination) = Ends(direction, client, node);
        var tcp = new TcpPacket((ushort)source.Port, (ushort)destination.Port)
        {
            SequenceNumber = sequence,
            AcknowledgmentNumber = acknowledgement,
            Flags = flags,
            WindowSize = TcpWindowBytes,
        };
        if (!payload.IsEmpty) tcp.PayloadData = payload.ToArray();
        WriteFrame(direction, source, destination, tcp);
    }

    private void WriteFrame(FlowDirection direction, IPEndPoint source, IPEndPoint destination, TransportPacket transport)
    {
        if (source.AddressFamily != AddressFamily.InterNetwork || destination.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"a capture holds IPv4 frames only, got {source} -> {destination}");
        lock (_gate)
        {
            // A relay may still be finishing a flow while its instance closes the capture.
            if (_closed) return;
            var ip = new IPv4Packet(source.Address, destination.Address)
            {
                TimeToLive = TimeToLive,
                FragmentFlags = DontFragment,
                Id = _ipId++,
                PayloadPacket = transport,
            };
            var ethernet = direction == FlowDirection.ToNode
                ? new EthernetPacket(LaptopMac, NodeMac, EthernetType.IPv4) { PayloadPacket = ip }
                : new EthernetPacket(NodeMac, LaptopMac, EthernetType.IPv4) { PayloadPacket = ip };
            ethernet.UpdateCalculatedValues();
            if (transport is UdpPacket udp) udp.UpdateUdpChecksum();
            else if (transport is TcpPacket tcp) tcp.UpdateTcpChecksum();
            ip.UpdateIPChecksum();
            WriteRecord(ethernet.Bytes);
        }
    }

    private void WriteRecord(byte[] frame)
    {
        var micros = (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        Span<byte> header = stackalloc byte[RecordHeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)frame.Length);
        _output.Write(header);
        _output.Write(frame);
        _frames++;
    }

    private static (IPEndPoint Source, IPEndPoint Destination) Ends(FlowDirection direction, IPEndPoint client, IPEndPoint node) =>
        direction == FlowDirection.ToNode ? (client, node) : (node, client);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _output.Flush();
            if (!_leaveOpen) _output.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
