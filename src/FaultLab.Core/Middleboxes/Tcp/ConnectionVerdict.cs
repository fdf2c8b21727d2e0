namespace FaultLab.Middleboxes.Tcp;

/// <summary>A connection fault's decision about one connection, with a reason for the fault's log.</summary>
public readonly struct ConnectionVerdict
{
    private ConnectionVerdict(ConnectionAction action, string? reason, long resetAfterBytes)
    {
        Action = action;
        Reason = reason;
        ResetAfterBytes = resetAfterBytes;
    }

    public ConnectionAction Action { get; }

    /// <summary>Why it is refused or reset; null when accepted.</summary>
    public string? Reason { get; }

    /// <summary>Bytes (both directions together) relayed before the reset; meaningful for <see cref="ConnectionAction.ResetAfter"/>.</summary>
    public long ResetAfterBytes { get; }

    public static ConnectionVerdict Accept => default;

    public static ConnectionVerdict Refuse(string reason) => new(ConnectionAction.Refuse, reason, 0);

    public static ConnectionVerdict ResetAfter(long bytes, string reason) =>
        new(ConnectionAction.ResetAfter, reason, bytes >= 0 ? bytes : throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a byte count is not negative"));

    public override string ToString() => Action switch
    {
        ConnectionAction.Refuse => $"refuse ({Reason})",
        ConnectionAction.ResetAfter => $"reset after {ResetAfterBytes} bytes ({Reason})",
        _ => "accept",
    };
}
