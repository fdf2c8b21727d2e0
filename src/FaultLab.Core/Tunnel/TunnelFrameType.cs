namespace FaultLab.Tunnel;

/// <summary>The first byte of every tunnel frame.</summary>
public enum TunnelFrameType : byte
{
    Hello = 1,
    HelloOk = 2,
    HelloRefused = 3,
    Open = 4,
    Opened = 5,
    OpenFailed = 6,
    Data = 7,
    Close = 8,
    Ping = 9,
    Pong = 10,
    /// <summary>The peer sent something it could not accept; carries the reason.</summary>
    ProtocolError = 11,
}
