namespace FaultLab.Middleboxes.Udp;

/// <summary>A datagram fault's decision about one datagram: pass, drop (with a reason for the fault's log) or delay.</summary>
public readonly struct DatagramVerdict
{
    private DatagramVerdict(DatagramAction action, string? reason, TimeSpan latency)
    {
        Action = action;
        Reason = reason;
        Latency = latency;
    }

    public DatagramAction Action { get; }

    /// <summary>Why it was dropped, e.g. "UDP port 443 blocked"; null unless dropped.</summary>
    public string? Reason { get; }

    /// <summary>How long it is held before being relayed; zero unless delayed.</summary>
    public TimeSpan Latency { get; }

    public static DatagramVerdict Pass => default;

    public static DatagramVerdict Drop(string reason) => new(DatagramAction.Drop, reason, TimeSpan.Zero);

    /// <summary>Holds the datagram for <paramref name="latency"/>; zero or less passes it at once.</summary>
    public static DatagramVerdict Delay(TimeSpan latency) =>
        latency > TimeSpan.Zero ? new(DatagramAction.Delay, null, latency) : Pass;

    public override string ToString() => Action switch
    {
        DatagramAction.Drop => $"drop ({Reason})",
        DatagramAction.Delay => $"delay {Latency.TotalMilliseconds} ms",
        _ => "pass",
    };
}
