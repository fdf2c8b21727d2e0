using FaultLab.World;

namespace FaultLab.Tunnel;

/// <summary>Client to edge: open a stream to <paramref name="Host"/>:<paramref name="Port"/> over the given transport.</summary>
public sealed record OpenFrame(uint StreamId, Transport Transport, string Host, int Port) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.Open;
}
