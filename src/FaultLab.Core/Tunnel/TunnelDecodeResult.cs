namespace FaultLab.Tunnel;

/// <summary>What decoding one frame gave: the frame, or the reason it was refused.</summary>
public readonly record struct TunnelDecodeResult(TunnelFrame? Frame, string? Error)
{
    public bool IsValid => Frame is not null;

    public static TunnelDecodeResult Valid(TunnelFrame frame) => new(frame, null);

    public static TunnelDecodeResult Malformed(string reason) => new(null, reason);
}
