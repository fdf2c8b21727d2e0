using System.Buffers;

namespace FaultLab.Middleboxes.Udp;

/// <summary>
/// Holds delayed datagrams until they are due and sends them from one timer, in due order (ties
/// in arrival order), so a delay never blocks other flows and reorders only where jitter makes
/// due times cross. Disposing sends whatever is still held, at once.
/// </summary>
internal sealed class DatagramDelayQueue : IDisposable
{
    private static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(1);

    private readonly PriorityQueue<DelayedDatagram, (long Due, long Arrival)> _held = new();
    private readonly Lock _gate = new();
    private readonly Lock _sendGate = new();
    private readonly TimeProvider _clock;
    private readonly Action<DelayedDatagram> _send;
    private readonly ITimer _timer;
    private long _arrivals;
    private long _armedFor = long.MaxValue;
    private bool _flushing;

    public DatagramDelayQueue(TimeProvider clock, Action<DelayedDatagram> send)
    {
        _clock = clock;
        _send = send;
        _timer = clock.CreateTimer(static state => ((DatagramDelayQueue)state!).SendDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get { lock (_gate) return _held.Count; }
    }

    public void Enqueue(UdpFlow flow, FlowDirection direction, ReadOnlySpan<byte> datagram, TimeSpan delay)
    {
        var copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        var item = new DelayedDatagram(flow, direction, copy, datagram.Length);
        var due = _clock.GetTimestamp() + (long)(delay.TotalSeconds * _clock.TimestampFrequency);
        lock (_gate)
        {
            if (!_flushing)
            {
                _held.Enqueue(item, (due, _arrivals++));
                if (due < _armedFor) Arm(due);
                return;
            }
        }
        // The relay is closing: nothing is held any more.
        Send(item);
    }

    private void SendDue()
    {
        lock (_sendGate)
        {
            while (TakeDue(out var item))
                Send(item);
        }
    }

    private bool TakeDue(out DelayedDatagram item)
    {
        lock (_gate)
        {
            _armedFor = long.MaxValue;
            if (_held.TryPeek(out item, out var key) && (_flushing || key.Due <= _clock.GetTimestamp()))
            {
                _held.Dequeue();
                return true;
            }
            if (_held.Count > 0) Arm(key.Due);
            return false;
        }
    }

    private void Arm(long due)
    {
        _armedFor = due;
        var wait = _clock.GetElapsedTime(_clock.GetTimestamp(), due);
        // Timers tick in milliseconds: never arm below one, or an early tick spins.
        _timer.Change(wait < TimerResolution ? TimerResolution : wait, Timeout.InfiniteTimeSpan);
    }

    private void Send(DelayedDatagram item)
    {
        try
        {
            _send(item);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    /// <summary>Stops the timer and sends everything still held, in due order.</summary>
    public void Dispose()
    {
        lock (_gate) _flushing = true;
        _timer.Dispose();
        SendDue();
    }
}
