namespace FaultLab.Bench;

/// <summary>What one <see cref="UdpEchoLoad"/> run measured over its window.</summary>
/// <param name="EchoesPerSecond">Round trips completed per second.</param>
/// <param name="CounterPerSecond">The sampled counter's rate over the same window.</param>
/// <param name="CpuMicrosecondsPerEcho">Process CPU time (all threads: clients, echo, relay) per round trip; steadier than rates on a shared machine.</param>
/// <param name="Refills">Windows re-sent after a datagram was lost in a full socket buffer.</param>
internal sealed record UdpEchoLoadResult(double EchoesPerSecond, double CounterPerSecond, double CpuMicrosecondsPerEcho, long Refills);
