using FaultLab.Middleboxes.Tcp;

namespace FaultLab.Faults.Kinds;

/// <summary>Delays every chunk of every TCP connection on a link, in both directions (a long path: a round trip gains twice the latency).</summary>
public sealed class TcpLatencyFault : Fault, IStreamShaping
{
    /// <summary>Longest delay a lab may ask for; bytes are held in memory meanwhile.</summary>
    public const int MaxMilliseconds = 60_000;

    public override string Kind => "tcp-latency";
    public override FaultTarget Target => FaultTarget.Link;

    [FaultParameter("delay added to each chunk of data, in milliseconds")]
    public int LatencyMs { get; set; } = 100;

    public override IEnumerable<string> Validate()
    {
        if (LatencyMs is < 0 or > MaxMilliseconds) yield return $"'latencyMs' must be between 0 and {MaxMilliseconds}, got {LatencyMs}";
    }

    public StreamShape Shape(in StreamChunk chunk, FaultSwitch faultSwitch) => StreamShape.Delay(TimeSpan.FromMilliseconds(LatencyMs));

    public override string Describe() => $"{base.Describe()} (TCP +{LatencyMs} ms)";
}
