namespace FaultLab.Middleboxes.Tcp;

/// <summary>How a chunk of a TCP stream is held back: a latency before it is sent, and a bandwidth it is sent at.</summary>
/// <param name="Latency">Time added between reading the chunk and sending it on.</param>
/// <param name="BytesPerSecond">Rate the chunk is sent at; 0 means no limit.</param>
public readonly record struct StreamShape(TimeSpan Latency, long BytesPerSecond)
{
    public static StreamShape None => default;

    public static StreamShape Delay(TimeSpan latency) => new(latency, 0);

    public static StreamShape Limit(long bytesPerSecond) => new(TimeSpan.Zero, bytesPerSecond);

    /// <summary>Both shapes at once: latencies add, the lower limit wins.</summary>
    public StreamShape With(StreamShape other) => new(
        Latency + other.Latency,
        BytesPerSecond == 0 ? other.BytesPerSecond
            : other.BytesPerSecond == 0 ? BytesPerSecond
            : Math.Min(BytesPerSecond, other.BytesPerSecond));
}
