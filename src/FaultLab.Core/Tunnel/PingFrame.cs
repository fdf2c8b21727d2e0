namespace FaultLab.Tunnel;

/// <summary>Client to edge: asks for a <see cref="PongFrame"/> carrying the same nonce (round-trip time).</summary>
public sealed record PingFrame(ulong Nonce) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.Ping;
}
