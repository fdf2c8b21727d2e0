using System.Threading.Channels;

namespace FaultLab.Tunnel;

/// <summary>
/// Holds every outgoing frame for the current added delay before sending it, in order: a far
/// edge's round-trip time. Receiving is not delayed, so the delay counts once per round trip.
/// The delay is read per frame, so it can be switched at runtime. Does not own the inner transport.
/// </summary>
internal sealed class DelayedFrameTransport : ITunnelFrameTransport
{
    private readonly ITunnelFrameTransport _inner;
    private readonly Func<TimeSpan> _delay;
    private readonly TimeProvider _clock;
    private readonly Channel<(long Due, byte[] Frame)> _queue = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private string? _sendFailure;

    public DelayedFrameTransport(ITunnelFrameTransport inner, Func<TimeSpan> delay, TimeProvider clock)
    {
        _inner = inner;
        _delay = delay;
        _clock = clock;
        _pump = PumpAsync();
    }

    public int MaxFrameBytes => _inner.MaxFrameBytes;

    public string Description => _inner.Description;

    public string? CloseReason => _inner.CloseReason ?? _sendFailure;

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (_sendFailure is not null) throw new IOException(_sendFailure);
        if (frame.Length > MaxFrameBytes) throw new ArgumentException($"a frame of {frame.Length} bytes exceeds {MaxFrameBytes}", nameof(frame));
        _queue.Writer.TryWrite((_clock.GetTimestamp(), frame.ToArray()));
        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken) => _inner.ReceiveAsync(cancellationToken);

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var (queuedAt, frame) in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = _delay() - _clock.GetElapsedTime(queuedAt);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock, _stop.Token);
                await _inner.SendAsync(frame, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: frames still held die with the session, as they would on a dropped link.
        }
        catch (IOException e)
        {
            _sendFailure = $"delayed send failed: {e.Message}";
        }
        catch (ObjectDisposedException e)
        {
            _sendFailure = $"delayed send failed: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}
