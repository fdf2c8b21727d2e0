using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FaultLab.Tunnel;

/// <summary>
/// Tasks an owner started on the side (a connection, a session, a stream pump) and must wait for
/// before it counts as disposed. A task that fails unexpectedly is logged, never lost.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly ConcurrentDictionary<Task, string> _running = new();
    private readonly ILogger _log;

    public BackgroundWork(ILogger log)
    {
        _log = log;
    }

    public void Track(Task task, string what)
    {
        _running.TryAdd(task, what);
        task.ContinueWith(t =>
        {
            _running.TryRemove(t, out _);
            if (t.Exception is { } error) _log.LogError(error, "{What} failed unexpectedly", what);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when every task tracked so far has ended (failures were already logged).</summary>
    public async Task WhenAllEndedAsync() =>
        await Task.WhenAll(_running.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
