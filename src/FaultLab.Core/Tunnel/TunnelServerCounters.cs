using System.Collections.Concurrent;

namespace FaultLab.Tunnel;

/// <summary>
/// What the edge's tunnel server counted: sessions, failed handshakes, refused frames and opens.
/// The most recent problems are kept with their reasons so a trainee or a test can read them.
/// </summary>
public sealed class TunnelServerCounters
{
    /// <summary>How many recent problem reasons are kept.</summary>
    private const int RecentCapacity = 64;

    private readonly ConcurrentQueue<string> _recent = new();
    private int _sessions;
    private int _handshakeFailures;
    private int _framesRefused;
    private int _opensRefused;
    private int _hellosRefused;
    private int _strayDatagrams;

    public int SessionsStarted => Volatile.Read(ref _sessions);
    public int HandshakeFailures => Volatile.Read(ref _handshakeFailures);

    /// <summary>Frames refused with a ProtocolError: malformed, or not allowed at that point of the session.</summary>
    public int FramesRefused => Volatile.Read(ref _framesRefused);
    public int OpensRefused => Volatile.Read(ref _opensRefused);
    public int HellosRefused => Volatile.Read(ref _hellosRefused);

    /// <summary>UDP datagrams that were neither part of a session nor a ClientHello.</summary>
    public int StrayDatagrams => Volatile.Read(ref _strayDatagrams);

    /// <summary>The latest problems, oldest first, each with the peer and the reason.</summary>
    public IReadOnlyList<string> RecentProblems => _recent.ToArray();

    internal void SessionStarted() => Interlocked.Increment(ref _sessions);
    internal void HandshakeFailed(string reason) => Count(ref _handshakeFailures, reason);
    internal void FrameRefused(string reason) => Count(ref _framesRefused, reason);
    internal void OpenRefused(string reason) => Count(ref _opensRefused, reason);
    internal void HelloRefused(string reason) => Count(ref _hellosRefused, reason);
    internal void StrayDatagram() => Interlocked.Increment(ref _strayDatagrams);

    private void Count(ref int counter, string reason)
    {
        Interlocked.Increment(ref counter);
        _recent.Enqueue(reason);
        while (_recent.Count > RecentCapacity && _recent.TryDequeue(out _)) { }
    }
}
