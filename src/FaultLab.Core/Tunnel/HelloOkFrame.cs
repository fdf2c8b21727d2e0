namespace FaultLab.Tunnel;

/// <summary>Edge to client: the session is admitted; names the edge the device landed on.</summary>
public sealed record HelloOkFrame(string EdgeName, string City, string Cloud) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.HelloOk;
}
