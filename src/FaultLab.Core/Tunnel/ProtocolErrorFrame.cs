namespace FaultLab.Tunnel;

/// <summary>Either side: a frame it received was refused (malformed, out of order); the session goes on.</summary>
public sealed record ProtocolErrorFrame(string Reason) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.ProtocolError;
}
