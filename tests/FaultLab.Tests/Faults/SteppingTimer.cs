namespace FaultLab.Tests.Faults;

/// <summary>A one-shot timer of a <see cref="SteppingClock"/>: due at a tick of that clock, fired by its Advance.</summary>
internal sealed class SteppingTimer(SteppingClock clock, TimerCallback callback, object? state) : ITimer
{
    private const long Stopped = -1;
    private long _dueAt = Stopped;

    /// <summary>The clock tick it fires at; null when stopped, fired or disposed.</summary>
    public long? DueAt => Interlocked.Read(ref _dueAt) is var due and not Stopped ? due : null;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Exchange(ref _dueAt, dueTime == Timeout.InfiniteTimeSpan ? Stopped : clock.GetTimestamp() + dueTime.Ticks);
        return true;
    }

    /// <summary>Runs the callback once, unless the timer was stopped meanwhile.</summary>
    public void Fire()
    {
        if (Interlocked.Exchange(ref _dueAt, Stopped) == Stopped) return;
        callback(state);
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _dueAt, Stopped);
        clock.Forget(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
