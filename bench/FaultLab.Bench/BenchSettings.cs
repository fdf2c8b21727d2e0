namespace FaultLab.Bench;

/// <summary>What every measurement is given: how long each case runs after its warm-up, and its load shape.</summary>
/// <param name="Duration">Measured time per case.</param>
/// <param name="WarmUp">Unmeasured time before it, so the JIT and socket buffers settle.</param>
/// <param name="Clients">Concurrent client sockets (each one flow through a relay).</param>
/// <param name="Window">Requests each client keeps in flight.</param>
internal sealed record BenchSettings(TimeSpan Duration, TimeSpan WarmUp, int Clients, int Window);
