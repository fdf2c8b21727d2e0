using System.Collections.Concurrent;
using Yarp.ReverseProxy.Forwarder;

namespace FaultLab.Middleboxes.Http;

/// <summary>What an HTTP middlebox did, counted; safe to read while it runs.</summary>
public sealed class HttpMiddleboxCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<HttpMiddleboxEvent>().Length];
    private readonly ConcurrentDictionary<ForwarderError, long> _forwardErrors = new();

    /// <summary>How many times <paramref name="what"/> happened.</summary>
    public long this[HttpMiddleboxEvent what] => Interlocked.Read(ref _counts[(int)what]);

    /// <summary>Failed forwards by the forwarder's reason.</summary>
    public IReadOnlyDictionary<ForwarderError, long> ForwardErrors => _forwardErrors;

    /// <summary>Every non-zero count by name, e.g. "Resigned" -> 3, "ForwardFailed.Request" -> 1.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var what in Enum.GetValues<HttpMiddleboxEvent>())
            if (this[what] is var n and > 0) all[what.ToString()] = n;
        foreach (var (error, n) in _forwardErrors) all[$"{HttpMiddleboxEvent.ForwardFailed}.{error}"] = n;
        return all;
    }

    internal void Count(HttpMiddleboxEvent what) => Interlocked.Increment(ref _counts[(int)what]);

    internal void CountForwardError(ForwarderError error)
    {
        Count(HttpMiddleboxEvent.ForwardFailed);
        _forwardErrors.AddOrUpdate(error, 1, (_, n) => n + 1);
    }
}
