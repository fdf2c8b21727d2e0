using System.Net;
using FaultLab.Middleboxes;

namespace FaultLab.Capture;

/// <summary>
/// Where a middlebox records the traffic it handles, as the laptop's interface would see it:
/// what the client sends (even when a fault then drops it) and what reaches the client.
/// Implementations are thread-safe; every relay of an instance may share one.
/// </summary>
public interface IFlowCapture
{
    /// <summary>One UDP datagram between <paramref name="client"/> and <paramref name="node"/>.</summary>
    void RecordDatagram(FlowDirection direction, IPEndPoint client, IPEndPoint node, ReadOnlySpan<byte> payload);

    /// <summary>A TCP connection the middlebox accepted and relays; record its bytes on the returned connection.</summary>
    ICapturedConnection RecordConnected(IPEndPoint client, IPEndPoint node);

    /// <summary>A TCP connection attempt answered with a reset (blocked, refused, node unreachable).</summary>
    void RecordRefused(IPEndPoint client, IPEndPoint node);
}
