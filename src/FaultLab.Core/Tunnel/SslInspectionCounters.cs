using System.Collections.Concurrent;

namespace FaultLab.Tunnel;

/// <summary>
/// What the edge's SSL inspection decided, per host (the SNI, or the requested host without one),
/// and how many inspected connections failed toward the origin, with the latest reasons.
/// </summary>
public sealed class SslInspectionCounters
{
    /// <summary>How many recent upstream failure reasons are kept.</summary>
    private const int RecentCapacity = 64;

    private const int InspectedSlot = 0;
    private const int BypassedSlot = 1;

    // Two counters per host in one small array, so counting a connection allocates nothing after the first.
    private readonly ConcurrentDictionary<string, int[]> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _recent = new();
    private int _upstreamFailures;
    private int _clientHandshakeFailures;
    private int _notTls;

    /// <summary>Connections the edge inspected to <paramref name="host"/>.</summary>
    public int InspectedFor(string host) => _hosts.TryGetValue(host, out var t) ? Volatile.Read(ref t[InspectedSlot]) : 0;

    /// <summary>
    /// Connections to <paramref name="host"/> passed through untouched: its name is on the bypass list, or
    /// inspection was off (such a connection is not read at all, so it is counted under the host asked for).
    /// </summary>
    public int BypassedFor(string host) => _hosts.TryGetValue(host, out var t) ? Volatile.Read(ref t[BypassedSlot]) : 0;

    /// <summary>Every host seen, with both counts.</summary>
    public IReadOnlyList<SslInspectionHostCount> Hosts =>
        _hosts.Select(h => new SslInspectionHostCount(h.Key, Volatile.Read(ref h.Value[InspectedSlot]), Volatile.Read(ref h.Value[BypassedSlot])))
            .OrderBy(h => h.Host, StringComparer.Ordinal).ToArray();

    public int Inspected => _hosts.Values.Sum(t => Volatile.Read(ref t[InspectedSlot]));
    public int Bypassed => _hosts.Values.Sum(t => Volatile.Read(ref t[BypassedSlot]));

    /// <summary>Inspected connections closed because the origin's TLS could not be set up or did not validate.</summary>
    public int UpstreamFailures => Volatile.Read(ref _upstreamFailures);

    /// <summary>Inspected connections whose client refused the edge's certificate or broke off the handshake.</summary>
    public int ClientHandshakeFailures => Volatile.Read(ref _clientHandshakeFailures);

    /// <summary>Connections on an inspected port whose first bytes were not a TLS ClientHello (passed through).</summary>
    public int NotTls => Volatile.Read(ref _notTls);

    /// <summary>The latest failures, oldest first, each naming the host and the reason.</summary>
    public IReadOnlyList<string> RecentFailures => _recent.ToArray();

    internal void CountInspected(string host) => Interlocked.Increment(ref Tally(host)[InspectedSlot]);
    internal void CountBypassed(string host) => Interlocked.Increment(ref Tally(host)[BypassedSlot]);
    internal void CountNotTls() => Interlocked.Increment(ref _notTls);
    internal void CountUpstreamFailure(string reason) => Count(ref _upstreamFailures, reason);
    internal void CountClientHandshakeFailure(string reason) => Count(ref _clientHandshakeFailures, reason);

    private int[] Tally(string host) => _hosts.GetOrAdd(host, static _ => new int[2]);

    private void Count(ref int counter, string reason)
    {
        Interlocked.Increment(ref counter);
        _recent.Enqueue(reason);
        while (_recent.Count > RecentCapacity && _recent.TryDequeue(out _)) { }
    }
}
