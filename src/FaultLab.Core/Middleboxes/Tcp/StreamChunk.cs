using FaultLab.World;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>What a stream-shaping fault may look at: one chunk of bytes a <see cref="TcpRelay"/> read.</summary>
/// <param name="Direction">Which way it travels.</param>
/// <param name="Service">The lab service the relay fronts.</param>
/// <param name="Length">Bytes in the chunk.</param>
public readonly record struct StreamChunk(FlowDirection Direction, ServiceAddress Service, int Length);
