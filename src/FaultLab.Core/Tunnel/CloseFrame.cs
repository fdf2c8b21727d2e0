namespace FaultLab.Tunnel;

/// <summary>Either side: the stream is finished in both directions.</summary>
public sealed record CloseFrame(uint StreamId) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.Close;
}
