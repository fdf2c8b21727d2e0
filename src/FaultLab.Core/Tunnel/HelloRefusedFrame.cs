namespace FaultLab.Tunnel;

/// <summary>Edge to client: the session is not admitted (unknown or revoked token, unsupported version).</summary>
public sealed record HelloRefusedFrame(string Reason) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.HelloRefused;
}
