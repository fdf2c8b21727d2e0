namespace FaultLab.Tunnel;

/// <summary>Edge to client: the stream could not be opened, and why.</summary>
public sealed record OpenFailedFrame(uint StreamId, string Reason) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.OpenFailed;
}
