using System.Net;
using FaultLab.Middleboxes;

namespace FaultLab.Capture;

/// <summary>
/// The sequence-number bookkeeping of one synthesised TCP connection in a <see cref="PcapWriter"/>:
/// each side's next sequence number advances with its payload and its FIN, and every segment
/// acknowledges what the other side sent so far.
/// </summary>
internal sealed class PcapTcpConnection(PcapWriter writer, IPEndPoint client, IPEndPoint node, uint clientStart, uint nodeStart) : ICapturedConnection
{
    internal const ushort Fin = 0x01;
    internal const ushort Syn = 0x02;
    internal const ushort Reset = 0x04;
    internal const ushort Push = 0x08;
    internal const ushort Ack = 0x10;

    private readonly Lock _gate = new();
    private uint _clientNext = clientStart;
    private uint _nodeNext = nodeStart;
    private bool _clientClosed;
    private bool _nodeClosed;
    private bool _over;

    internal void RecordHandshake()
    {
        lock (_gate)
        {
            writer.WriteTcp(FlowDirection.ToNode, client, node, _clientNext, 0, Syn, []);
            _clientNext++;
            writer.WriteTcp(FlowDirection.ToClient, client, node, _nodeNext, _clientNext, Syn | Ack, []);
            _nodeNext++;
            writer.WriteTcp(FlowDirection.ToNode, client, node, _clientNext, _nodeNext, Ack, []);
        }
    }

    public void RecordData(FlowDirection direction, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (_over || Closed(direction)) return;
            while (!payload.IsEmpty)
            {
                var segment = payload[..Math.Min(payload.Length, PcapWriter.MaxSegmentBytes)];
                payload = payload[segment.Length..];
                var flags = payload.IsEmpty ? (ushort)(Push | Ack) : Ack;
                Send(direction, flags, segment, (uint)segment.Length);
            }
        }
    }

    public void RecordClose(FlowDirection direction)
    {
        lock (_gate)
        {
            if (_over || Closed(direction)) return;
            Send(direction, Fin | Ack, [], 1);
            if (direction == FlowDirection.ToNode) _clientClosed = true;
            else _nodeClosed = true;
            if (_clientClosed && _nodeClosed)
            {
                // The side that closed first acknowledges the last FIN.
                var other = direction == FlowDirection.ToNode ? FlowDirection.ToClient : FlowDirection.ToNode;
                Send(other, Ack, [], 0);
                _over = true;
            }
        }
    }

    public void RecordReset(FlowDirection direction)
    {
        lock (_gate)
        {
            if (_over) return;
            Send(direction, Reset | Ack, [], 0);
            _over = true;
        }
    }

    private bool Closed(FlowDirection direction) => direction == FlowDirection.ToNode ? _clientClosed : _nodeClosed;

    private void Send(FlowDirection direction, ushort flags, ReadOnlySpan<byte> payload, uint sequenceSpace)
    {
        if (direction == FlowDirection.ToNode)
        {
            writer.WriteTcp(direction, client, node, _clientNext, _nodeNext, flags, payload);
            _clientNext += sequenceSpace;
        }
        else
        {
            writer.WriteTcp(direction, client, node, _nodeNext, _clientNext, flags, payload);
            _nodeNext += sequenceSpace;
        }
    }
}
