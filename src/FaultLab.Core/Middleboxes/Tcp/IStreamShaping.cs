using FaultLab.Faults;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>
/// The behaviour of a fault kind that shapes the bytes of relayed TCP connections. A
/// <see cref="TcpRelay"/> asks every active one for each chunk it reads, so switching one off
/// takes effect on the next chunk: latencies add up, the lowest bandwidth limit applies.
/// </summary>
public interface IStreamShaping
{
    /// <summary>How <paramref name="chunk"/> is held back; <see cref="StreamShape.None"/> leaves it alone.</summary>
    StreamShape Shape(in StreamChunk chunk, FaultSwitch faultSwitch);
}
