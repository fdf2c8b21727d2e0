using System.Collections.Concurrent;
using System.Globalization;

namespace FaultLab.Faults;

/// <summary>
/// A fault of a running instance: its on/off switch (faults start on, or off until their delayed
/// start fires), its seeded random source (same seed, same decisions), and a count and short log
/// of everything it did.
/// </summary>
public sealed class FaultSwitch
{
    private const int LogCapacity = 200;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly Lock _switchGate = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FaultEvent> _log = new();
    private readonly TimeProvider _clock;
    private volatile bool _active = true;

    // The delayed start: the wait still ahead (null once it fired or was cancelled), and its timer once counting.
    private TimeSpan? _delayedStart;
    private long _countdownStartedAt;
    private ITimer? _countdown;

    public FaultSwitch(Fault fault, TimeProvider? clock = null)
    {
        Fault = fault;
        _clock = clock ?? TimeProvider.System;
        _random = new Random(fault.Seed);
        if (fault.StartAfterSeconds > 0)
        {
            _active = false;
            _delayedStart = TimeSpan.FromSeconds(fault.StartAfterSeconds);
        }
    }

    public Fault Fault { get; }

    /// <summary>Raised after the fault was switched on or off (by hand or by its delayed start).</summary>
    public event Action<FaultSwitch>? Switched;

    /// <summary>Whether the fault acts now. Setting it by hand cancels a delayed start that has not fired yet.</summary>
    public bool Active
    {
        get => _active;
        set
        {
            if (CancelDelayedStart())
                Record("delayed start cancelled", $"switched {(value ? "on" : "off")} by hand before it fired");
            Switch(value, null);
        }
    }

    /// <summary>True while a delayed start (<see cref="Faults.Fault.StartAfterSeconds"/>) has neither fired nor been cancelled.</summary>
    public bool Pending => SwitchesOnIn is not null;

    /// <summary>How long until the delayed start switches the fault on; the whole delay before the countdown starts; null when none is pending.</summary>
    public TimeSpan? SwitchesOnIn
    {
        get
        {
            lock (_switchGate)
            {
                if (_delayedStart is not { } delay) return null;
                if (_countdown is null) return delay;
                var left = delay - _clock.GetElapsedTime(_countdownStartedAt);
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>
    /// Starts counting a pending delayed start down from now, on the instance's clock (the instance
    /// calls it once it is up). Does nothing for a fault without one, or one already counting.
    /// </summary>
    public void StartCountdown()
    {
        TimeSpan delay;
        lock (_switchGate)
        {
            if (_delayedStart is not { } pending || _countdown is not null) return;
            delay = pending;
            _countdownStartedAt = _clock.GetTimestamp();
            _countdown = _clock.CreateTimer(_ => DelayedStartFired(), null, delay, Timeout.InfiniteTimeSpan);
        }
        Record("countdown started", $"switches on in {Seconds(delay)} s");
    }

    /// <summary>Drops a pending delayed start (the instance is going down, or the switch was set by hand); true when one was pending.</summary>
    public bool CancelDelayedStart()
    {
        ITimer? countdown;
        lock (_switchGate)
        {
            if (_delayedStart is null) return false;
            _delayedStart = null;
            (countdown, _countdown) = (_countdown, null);
        }
        countdown?.Dispose();
        return true;
    }

    /// <summary>The fault's own description, plus the time left when a delayed start is pending.</summary>
    public string Describe() => SwitchesOnIn is { } left
        ? $"{Fault.Describe()}; pending: switches on in {SecondsLeft(left)} s"
        : Fault.Describe();

    /// <summary>How many times each action happened, e.g. "dropped" -> 12.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>The most recent events, oldest first.</summary>
    public IReadOnlyList<FaultEvent> RecentEvents => _log.ToArray();

    /// <summary>A uniform draw in [0, 1) from the fault's seeded source.</summary>
    public double NextDouble()
    {
        lock (_randomGate) return _random.NextDouble();
    }

    /// <summary>Counts one action and keeps a line about it; <paramref name="detail"/> says to what.</summary>
    public void Record(string action, string? detail = null)
    {
        _counts.AddOrUpdate(action, 1, (_, n) => n + 1);
        _log.Enqueue(new FaultEvent(_clock.GetUtcNow(), action, detail));
        while (_log.Count > LogCapacity && _log.TryDequeue(out _)) { }
    }

    private void DelayedStartFired()
    {
        ITimer? countdown;
        TimeSpan delay;
        lock (_switchGate)
        {
            // Set by hand (or the instance stopped) while the timer was already on its way: that wins.
            if (_delayedStart is not { } pending) return;
            delay = pending;
            _delayedStart = null;
            (countdown, _countdown) = (_countdown, null);
        }
        countdown?.Dispose();
        Switch(true, $"delayed start after {Seconds(delay)} s");
    }

    private void Switch(bool on, string? detail)
    {
        lock (_switchGate)
        {
            if (_active == on) return;
            _active = on;
        }
        Record(on ? "switched on" : "switched off", detail);
        Switched?.Invoke(this);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    // Time left is rounded up: "1 s" until it fires, never "0 s" while still pending.
    private static string SecondsLeft(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
