using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FaultLab.Capture;
using FaultLab.Faults;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Middleboxes.Udp;

/// <summary>
/// A UDP middlebox in front of one lab service: it listens on a loopback port and relays each
/// client's datagrams to the node through an upstream socket of that client's own, so replies
/// return to the right client. Every datagram, in each direction, goes past the link's active
/// <see cref="IDatagramFault"/>s; switching a fault off takes effect on the next datagram.
/// </summary>
public sealed class UdpRelay : IMiddlebox
{
    // The largest UDP payload fits, so a datagram is never truncated on receive.
    private const int ReceiveBufferBytes = 65536;
    private const int LoopStackBytes = 256 * 1024;

    private readonly Socket _listen;
    private readonly ConcurrentDictionary<SocketAddress, UdpFlow> _flows = new();
    private readonly (IDatagramFault Fault, FaultSwitch Switch)[] _faults;
    private readonly DatagramDelayQueue _delays;
    private readonly ITimer _idleSweep;
    private readonly UdpRelayOptions _options;
    private readonly IFlowCapture? _capture;

    // Captures show the service's own port (443, not the port the node happens to listen on), as the laptop's interface would.
    private readonly IPEndPoint _capturedNode;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Task _clientLoop;
    private long _relayed;
    private long _dropped;
    private long _delayed;
    private long _undeliverable;
    private long _expired;
    private volatile bool _disposed;

    private UdpRelay(ServiceAddress service, IPEndPoint upstream, LinkFaults faults, UdpRelayOptions options)
    {
        Service = service;
        Upstream = upstream;
        Faults = faults;
        _options = options;
        _capture = options.Capture;
        _capturedNode = new IPEndPoint(upstream.Address, service.Port);
        _clock = options.Clock;
        _log = options.Log;
        // Which faults act on datagrams never changes; only their switches do, and those are read per datagram.
        _faults = faults.All.Where(s => s.Fault is IDatagramFault).Select(s => ((IDatagramFault)s.Fault, s)).ToArray();
        _listen = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = options.SocketBufferBytes,
            SendBufferSize = options.SocketBufferBytes,
        };
        _listen.Bind(new IPEndPoint(options.BindAddress, 0));
        ListenEndPoint = (IPEndPoint)_listen.LocalEndPoint!;
        _delays = new DatagramDelayQueue(_clock, SendDelayed);
        var sweepEvery = options.FlowIdleTimeout / 4;
        _idleSweep = _clock.CreateTimer(static state => ((UdpRelay)state!).ExpireIdleFlows(), this, sweepEvery, sweepEvery);
        _clientLoop = RunOnOwnThread($"udp relay {Service}", RelayFromClients);
    }

    /// <summary>
    /// Starts a relay for <paramref name="service"/> (a UDP service) whose node listens at
    /// <paramref name="upstream"/>, applying the datagram faults of <paramref name="faults"/>.
    /// </summary>
    public static UdpRelay Start(ServiceAddress service, IPEndPoint upstream, LinkFaults faults, UdpRelayOptions? options = null)
    {
        options ??= new UdpRelayOptions();
        options.Validate();
        LoopbackOnly.RequireUpstream(service, Transport.Udp, upstream);
        return new UdpRelay(service, upstream, faults, options);
    }

    public ServiceAddress Service { get; }

    public IPEndPoint Upstream { get; }

    public IPEndPoint ListenEndPoint { get; }

    public LinkFaults Faults { get; }

    /// <summary>Datagrams delivered, both directions.</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Datagrams a fault dropped, both directions.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams a fault held for a while before they were delivered.</summary>
    public long Delayed => Interlocked.Read(ref _delayed);

    /// <summary>Datagrams that could not be sent on (node not listening, flow closed meanwhile).</summary>
    public long Undeliverable => Interlocked.Read(ref _undeliverable);

    /// <summary>Client flows closed after <see cref="UdpRelayOptions.FlowIdleTimeout"/> of silence.</summary>
    public long ExpiredFlows => Interlocked.Read(ref _expired);

    /// <summary>Client flows open now.</summary>
    public int FlowCount => _flows.Count;

    /// <summary>Datagrams held by delay faults right now.</summary>
    public int HeldDatagrams => _delays.Count;

    private void RelayFromClients()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes);
        var from = new SocketAddress(_listen.AddressFamily);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _listen.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (Exception e) when (_disposed && e is ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A client vanishing can surface here as an error report; the other clients go on.
                _log.LogDebug("udp relay {Service}: receive from clients failed: {Error}", Service, e.SocketErrorCode);
                continue;
            }
            if (_disposed) return;
            UdpFlow flow;
            try
            {
                flow = FlowFor(from);
            }
            catch (SocketException e)
            {
                Interlocked.Increment(ref _undeliverable);
                _log.LogWarning("udp relay {Service}: cannot open an upstream socket: {Error}", Service, e.SocketErrorCode);
                continue;
            }
            Relay(flow, FlowDirection.ToNode, buffer.AsSpan(0, length));
        }
    }

    private void RelayFromNode(UdpFlow flow)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes);
        while (!flow.Closed)
        {
            int length;
            try
            {
                length = flow.Upstream.Receive(buffer, SocketFlags.None);
            }
            catch (Exception e) when (flow.Closed && e is ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // The node's port is closed (ICMP port unreachable for an earlier datagram).
                Interlocked.Increment(ref _undeliverable);
                continue;
            }
            catch (SocketException e)
            {
                // Give the flow up; the client's next datagram opens a fresh one.
                _log.LogWarning("udp relay {Service}: flow of {Client} closed after a receive error: {Error}", Service, flow.Client, e.SocketErrorCode);
                if (_flows.TryRemove(KeyValuePair.Create(flow.ClientAddress, flow))) flow.Dispose();
                return;
            }
            Relay(flow, FlowDirection.ToClient, buffer.AsSpan(0, length));
        }
    }

    private UdpFlow FlowFor(SocketAddress from)
    {
        if (_flows.TryGetValue(from, out var flow) && !flow.Closed) return flow;
        var key = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(key.Buffer.Span);
        flow = new UdpFlow(key, Upstream, _options.SocketBufferBytes, _clock.GetTimestamp());
        _flows[key] = flow;
        flow.ReplyLoop = RunOnOwnThread($"udp relay {Service} replies to {flow.Client}", () => RelayFromNode(flow));
        _log.LogDebug("udp relay {Service}: new flow from {Client}", Service, flow.Client);
        return flow;
    }

    private void Relay(UdpFlow flow, FlowDirection direction, ReadOnlySpan<byte> datagram)
    {
        flow.Touch(_clock.GetTimestamp());
        // The capture shows what the laptop's interface sees: all it sends, and what reaches it.
        if (direction == FlowDirection.ToNode) _capture?.RecordDatagram(direction, flow.Client, _capturedNode, datagram);

        var info = new DatagramInfo(direction, Service, flow.Client, datagram.Length);
        var delay = TimeSpan.Zero;
        foreach (var (fault, faultSwitch) in _faults)
        {
            if (!faultSwitch.Active) continue;
            var verdict = fault.Decide(info, faultSwitch);
            if (verdict.Action == DatagramAction.Drop)
            {
                Interlocked.Increment(ref _dropped);
                faultSwitch.Record("dropped", $"{verdict.Reason}: {datagram.Length} bytes {Describe(direction, flow)}");
                return;
            }
            if (verdict.Action == DatagramAction.Delay) delay += verdict.Latency;
        }
        if (delay > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _delayed);
            _delays.Enqueue(flow, direction, datagram, delay);
            return;
        }
        Send(flow, direction, datagram);
    }

    private void SendDelayed(DelayedDatagram held) => Send(held.Flow, held.Direction, held.Buffer.AsSpan(0, held.Length));

    private void Send(UdpFlow flow, FlowDirection direction, ReadOnlySpan<byte> datagram)
    {
        // Counted before it leaves, so whoever receives it also sees it counted.
        Interlocked.Increment(ref _relayed);
        if (direction == FlowDirection.ToClient) _capture?.RecordDatagram(direction, flow.Client, _capturedNode, datagram);
        try
        {
            if (direction == FlowDirection.ToNode) flow.Upstream.Send(datagram, SocketFlags.None);
            else _listen.SendTo(datagram, SocketFlags.None, flow.ClientAddress);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The node's port is closed, or the flow expired while a datagram was held.
            Interlocked.Decrement(ref _relayed);
            Interlocked.Increment(ref _undeliverable);
            _log.LogDebug("udp relay {Service}: datagram {Flow} not delivered: {Error}", Service, Describe(direction, flow), e.Message);
        }
    }

    /// <summary>
    /// Runs a receive loop on a thread of its own, blocked in the kernel between datagrams: the
    /// kernel then wakes exactly that thread, where an async receive adds a hop through the socket
    /// event thread and the thread pool for every datagram that finds the loop idle (two to three
    /// times the throughput on a busy two-core machine, see bench/RESULTS.md). Closing the socket
    /// unblocks the loop. The task ends with the loop and carries its failure, if any.
    /// </summary>
    private Task RunOnOwnThread(string name, Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.SetResult();
            }
            catch (Exception e)
            {
                _log.LogError(e, "udp relay {Service}: {Loop} stopped", Service, name);
                done.SetException(e);
            }
        }, LoopStackBytes) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    /// <summary>Closes the flows idle for longer than the timeout; returns how many.</summary>
    internal int ExpireIdleFlows()
    {
        var now = _clock.GetTimestamp();
        var expired = 0;
        foreach (var (key, flow) in _flows)
        {
            if (_clock.GetElapsedTime(flow.LastActive, now) < _options.FlowIdleTimeout) continue;
            if (!_flows.TryRemove(KeyValuePair.Create(key, flow))) continue;
            flow.Dispose();
            expired++;
        }
        Interlocked.Add(ref _expired, expired);
        return expired;
    }

    private string Describe(FlowDirection direction, UdpFlow flow) =>
        direction == FlowDirection.ToNode ? $"from {flow.Client} to {Service}" : $"from {Service} to {flow.Client}";

    /// <summary>Sends what delay faults still hold, then closes every socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _idleSweep.DisposeAsync();
        _delays.Dispose();
        _listen.Dispose();
        // Only the client loop opens flows: once it has ended, the set of flows is final.
        await _clientLoop;
        var replyLoops = new List<Task>();
        foreach (var flow in _flows.Values)
        {
            flow.Dispose();
            if (flow.ReplyLoop is { } loop) replyLoops.Add(loop);
        }
        _flows.Clear();
        await Task.WhenAll(replyLoops);
    }
}
