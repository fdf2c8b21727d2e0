namespace FaultLab.Tunnel;

/// <summary>Edge to client: the origin was reached; data may flow on the stream.</summary>
public sealed record OpenedFrame(uint StreamId) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.Opened;
}
