namespace FaultLab.Tunnel;

/// <summary>One message of the tunnel protocol; <see cref="TunnelFrameCodec"/> turns it into bytes and back.</summary>
public abstract record TunnelFrame
{
    public abstract TunnelFrameType Type { get; }
}
