namespace FaultLab.Tunnel;

/// <summary>Client to edge, first frame of a session: who the device is and which tunnel version it speaks.</summary>
public sealed record HelloFrame(string DeviceToken, int TunnelVersion) : TunnelFrame
{
    public override TunnelFrameType Type => TunnelFrameType.Hello;
}
