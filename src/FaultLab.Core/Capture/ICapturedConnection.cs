using FaultLab.Middleboxes;

namespace FaultLab.Capture;

/// <summary>One relayed TCP connection in a capture; calls may come from both directions at once.</summary>
public interface ICapturedConnection
{
    /// <summary>Payload bytes that crossed in <paramref name="direction"/>.</summary>
    void RecordData(FlowDirection direction, ReadOnlySpan<byte> payload);

    /// <summary>The sender of <paramref name="direction"/> finished sending (a FIN travels that way).</summary>
    void RecordClose(FlowDirection direction);

    /// <summary>A reset travels in <paramref name="direction"/>; the connection is over.</summary>
    void RecordReset(FlowDirection direction);
}
