namespace FaultLab.Agent.LocalProxy;

/// <summary>What the local proxy did since it started, counted as it happens.</summary>
public sealed class LocalProxyCounters
{
    private int _connects;
    private int _forwards;
    private int _refusals;
    private int _abandoned;

    /// <summary>CONNECT requests answered 200 and spliced through the tunnel.</summary>
    public int Connects => Volatile.Read(ref _connects);

    /// <summary>Absolute-form requests relayed through the tunnel.</summary>
    public int Forwards => Volatile.Read(ref _forwards);

    /// <summary>Requests the proxy answered itself with an error status.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>Connections closed before a request head arrived.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    internal void Connected() => Interlocked.Increment(ref _connects);

    internal void Forwarded() => Interlocked.Increment(ref _forwards);

    internal void Refused() => Interlocked.Increment(ref _refusals);

    internal void Abandon() => Interlocked.Increment(ref _abandoned);

    public override string ToString() => $"{Connects} CONNECT, {Forwards} forwarded, {Refusals} refused, {Abandoned} abandoned";
}
