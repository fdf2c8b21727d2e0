using System.Collections.Concurrent;

namespace FaultLab.Faults;

/// <summary>
/// A fault of a running instance: its on/off switch (faults start on), its seeded random source
/// (same seed, same decisions), and a count and short log of everything it did.
/// </summary>
public sealed class FaultSwitch
{
    private const int LogCapacity = 200;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FaultEvent> _log = new();
    private readonly TimeProvider _clock;
    private volatile bool _active = true;

    public FaultSwitch(Fault fault, TimeProvider? clock = null)
    {
        Fault = fault;
        _clock = clock ?? TimeProvider.System;
        _random = new Random(fault.Seed);
    }

    public Fault Fault { get; }

    /// <summary>Raised after the fault was switched on or off.</summary>
    public event Action<FaultSwitch>? Switched;

    public bool Active
    {
        get => _active;
        set
        {
            if (_active == value) return;
            _active = value;
            Record(value ? "switched on" : "switched off");
            Switched?.Invoke(this);
        }
    }

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
}
