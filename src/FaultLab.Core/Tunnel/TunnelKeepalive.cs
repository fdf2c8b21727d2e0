namespace FaultLab.Tunnel;

/// <summary>
/// How the tunnel client notices a path that silently stopped carrying packets: while it has heard
/// nothing from the edge for an <see cref="Interval"/>, it sends a Ping each interval; once
/// <see cref="MissedRepliesAllowed"/> of them went unanswered, the tunnel counts as down.
/// </summary>
/// <param name="Interval">Time between keepalive Pings on an idle tunnel.</param>
/// <param name="MissedRepliesAllowed">Unanswered Pings in a row after which the tunnel is declared dead.</param>
public sealed record TunnelKeepalive(TimeSpan Interval, int MissedRepliesAllowed)
{
    /// <summary>A Ping every 2 s when idle, dead after 3 unanswered (about 6 s of silence).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    public const int DefaultMissedRepliesAllowed = 3;

    public static TunnelKeepalive Default { get; } = new(DefaultInterval, DefaultMissedRepliesAllowed);

    /// <summary>No keepalive: the tunnel counts as down only when its transport reports an end.</summary>
    public static TunnelKeepalive Off { get; } = new(Timeout.InfiniteTimeSpan, 0);

    public bool Enabled => Interval > TimeSpan.Zero && MissedRepliesAllowed > 0;

    /// <summary>Why these settings cannot be used; null when they can.</summary>
    public string? Problem() =>
        this == Off ? null
        : Interval <= TimeSpan.Zero ? $"keepalive interval must be positive (got {Interval.TotalMilliseconds:0} ms)"
        : MissedRepliesAllowed < 1 ? $"keepalive needs at least one missed reply allowed (got {MissedRepliesAllowed})"
        : null;
}
