namespace FaultLab.Tunnel;

/// <summary>Bytes of a stream (a TCP segment's worth, or exactly one UDP datagram).</summary>
public sealed record DataFrame(uint StreamId, ReadOnlyMemory<byte> Payload) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.Data;

    /// <summary>Bytes a Data frame adds around its payload.</summary>
    public const int HeaderBytes = 1 + 4;
}
