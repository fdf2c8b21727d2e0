namespace FaultLab.Tests.Faults;

/// <summary>
/// A clock that moves only when the test advances it and fires the one-shot timers that fall due
/// on the way, so "switches on after 8 s" is tested to the tick without waiting.
/// </summary>
internal sealed class SteppingClock : TimeProvider
{
    private readonly DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Lock _gate = new();
    private readonly List<SteppingTimer> _timers = [];
    private long _elapsedTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(GetTimestamp());

    /// <summary>Timers created and not yet fired or disposed.</summary>
    public int PendingTimers
    {
        get { lock (_gate) return _timers.Count(t => t.DueAt is not null); }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan) throw new NotSupportedException("only one-shot timers are simulated");
        var timer = new SteppingTimer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward and runs, on the calling thread, every timer due by then.</summary>
    public void Advance(TimeSpan by)
    {
        var now = Interlocked.Add(ref _elapsedTicks, by.Ticks);
        SteppingTimer[] due;
        lock (_gate) due = _timers.Where(t => t.DueAt <= now).ToArray();
        foreach (var timer in due) timer.Fire();
    }

    internal void Forget(SteppingTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }
}
