namespace FaultLab.Middleboxes.Udp;

/// <summary>What a datagram fault does with one datagram.</summary>
public enum DatagramAction
{
    /// <summary>Relay it unchanged.</summary>
    Pass,
    /// <summary>Lose it; nobody is told.</summary>
    Drop,
    /// <summary>Relay it later.</summary>
    Delay,
}
