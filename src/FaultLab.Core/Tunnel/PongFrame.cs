namespace FaultLab.Tunnel;

/// <summary>Edge to client: the answer to a <see cref="PingFrame"/>.</summary>
public sealed record PongFrame(ulong Nonce) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.Pong;
}
