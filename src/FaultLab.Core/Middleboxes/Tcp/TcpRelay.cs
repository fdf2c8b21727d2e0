using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FaultLab.Capture;
using FaultLab.Faults;
using FaultLab.World;
using Microsoft.Extensions.Logging;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>
/// A TCP middlebox in front of one lab service: it listens on a loopback port and relays each
/// accepted connection to the node. The link's active <see cref="IConnectionFault"/>s decide at
/// connect time (accept, refuse with a reset, reset after some bytes); its active
/// <see cref="IStreamShaping"/>s shape every chunk (latency, bandwidth). Half-closes pass through;
/// disposing delivers what is held before closing.
/// </summary>
public sealed class TcpRelay : IMiddlebox
{
    private readonly Socket _listener;
    private readonly (IConnectionFault Fault, FaultSwitch Switch)[] _connectionFaults;
    private readonly (IStreamShaping Fault, FaultSwitch Switch)[] _shapers;
    private readonly (IConnectionFault Fault, FaultSwitch Switch)[] _cutting;
    private readonly ConcurrentDictionary<long, Task> _handlers = new();
    private readonly ConcurrentDictionary<TcpRelayedConnection, byte> _connections = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TcpRelayOptions _options;
    private readonly IFlowCapture? _capture;

    // Captures show the service's own port (443, not the port the node happens to listen on), as the laptop's interface would.
    private readonly IPEndPoint _capturedNode;
    private readonly Task _acceptLoop;
    private long _nextHandler;
    private long _accepted;
    private long _refused;
    private long _faultResets;
    private long _aborted;
    private long _upstreamFailures;
    private long _bytesToNode;
    private long _bytesToClient;
    private int _disposed;

    private TcpRelay(ServiceAddress service, IPEndPoint upstream, LinkFaults faults, TcpRelayOptions options)
    {
        Service = service;
        Upstream = upstream;
        Faults = faults;
        _options = options;
        _capture = options.Capture;
        _capturedNode = new IPEndPoint(upstream.Address, service.Port);
        _connectionFaults = faults.All.Where(s => s.Fault is IConnectionFault).Select(s => ((IConnectionFault)s.Fault, s)).ToArray();
        _shapers = faults.All.Where(s => s.Fault is IStreamShaping).Select(s => ((IStreamShaping)s.Fault, s)).ToArray();
        _cutting = _connectionFaults.Where(f => f.Fault.CutsOpenConnections).ToArray();
        foreach (var (_, cutting) in _cutting) cutting.Switched += CutOpenConnections;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(options.BindAddress, 0));
        _listener.Listen(options.Backlog);
        ListenEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>
    /// Starts a relay for <paramref name="service"/> (a TCP service) whose node listens at
    /// <paramref name="upstream"/>, applying the connection and stream faults of <paramref name="faults"/>.
    /// </summary>
    public static TcpRelay Start(ServiceAddress service, IPEndPoint upstream, LinkFaults faults, TcpRelayOptions? options = null)
    {
        options ??= new TcpRelayOptions();
        options.Validate();
        LoopbackOnly.RequireUpstream(service, Transport.Tcp, upstream);
        return new TcpRelay(service, upstream, faults, options);
    }

    public ServiceAddress Service { get; }

    public IPEndPoint Upstream { get; }

    public IPEndPoint ListenEndPoint { get; }

    public LinkFaults Faults { get; }

    /// <summary>Connections relayed to the node.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections a fault refused with a reset.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Connections a fault reset after some bytes.</summary>
    public long FaultResets => Interlocked.Read(ref _faultResets);

    /// <summary>Connections that ended in a reset from either side or an error.</summary>
    public long Aborted => Interlocked.Read(ref _aborted);

    /// <summary>Connections reset because the node could not be reached in time.</summary>
    public long UpstreamFailures => Interlocked.Read(ref _upstreamFailures);

    /// <summary>Bytes handed to the node's side, all connections together.</summary>
    public long BytesToNode => Interlocked.Read(ref _bytesToNode);

    /// <summary>Bytes handed to the clients' side, all connections together.</summary>
    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>Connections being relayed now.</summary>
    public int OpenConnections => _connections.Count;

    internal TimeProvider Clock => _options.Clock;

    internal ILogger Log => _options.Log;

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_closing.Token);
            }
            catch (Exception e) when (_closing.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors or the like: this client is lost, the listener stays.
                Log.LogWarning("tcp relay {Service}: accept failed: {Error}", Service, e.SocketErrorCode);
                continue;
            }
            var id = Interlocked.Increment(ref _nextHandler);
            var handler = HandleAsync(client, id);
            _handlers[id] = handler;
            if (handler.IsCompleted) _handlers.TryRemove(id, out _);
        }
    }

    private async Task HandleAsync(Socket client, long id)
    {
        try
        {
            var clientEnd = (IPEndPoint)client.RemoteEndPoint!;
            var verdict = Decide(clientEnd, out var decidedBy);
            if (verdict.Action == ConnectionAction.Refuse)
            {
                Interlocked.Increment(ref _refused);
                decidedBy!.Record("refused", $"{verdict.Reason}: connection from {clientEnd} to {Service}");
                Refuse(client, clientEnd);
                return;
            }

            var node = new Socket(Upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // The node sees the laptop's own address, as it would without the middlebox (per-client state keys on it).
                if (IPAddress.IsLoopback(clientEnd.Address)) node.Bind(new IPEndPoint(clientEnd.Address, 0));
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
                connectTimeout.CancelAfter(_options.ConnectTimeout);
                await node.ConnectAsync(Upstream, connectTimeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                node.Dispose();
                Interlocked.Increment(ref _upstreamFailures);
                Log.LogWarning("tcp relay {Service}: node at {Upstream} unreachable, client {Client} reset: {Error}", Service, Upstream, clientEnd, e.Message);
                Refuse(client, clientEnd);
                return;
            }

            client.NoDelay = true;
            Interlocked.Increment(ref _accepted);
            var connection = new TcpRelayedConnection(this, client, clientEnd, node, _capture?.RecordConnected(clientEnd, _capturedNode), verdict, decidedBy);
            _connections[connection] = 0;
            // A cutting fault may have switched on while the node was being reached.
            CutIfRefused(connection);
            // Closing may have begun while the node was being reached: this connection is flushed too.
            if (_closing.IsCancellationRequested) connection.Flush();
            try
            {
                await connection.RunAsync();
            }
            finally
            {
                _connections.TryRemove(connection, out _);
            }
        }
        finally
        {
            _handlers.TryRemove(id, out _);
        }
    }

    private void CutOpenConnections(FaultSwitch switched)
    {
        if (!switched.Active) return;
        foreach (var connection in _connections.Keys) CutIfRefused(connection);
    }

    private void CutIfRefused(TcpRelayedConnection connection)
    {
        foreach (var (fault, faultSwitch) in _cutting)
        {
            if (!faultSwitch.Active) continue;
            var verdict = fault.Decide(new ConnectionInfo(Service, connection.ClientEnd), faultSwitch);
            if (verdict.Action != ConnectionAction.Refuse) continue;
            connection.CutByFault(faultSwitch, verdict.Reason ?? faultSwitch.Fault.Kind);
            return;
        }
    }

    private ConnectionVerdict Decide(IPEndPoint client, out FaultSwitch? decidedBy)
    {
        var info = new ConnectionInfo(Service, client);
        var chosen = ConnectionVerdict.Accept;
        decidedBy = null;
        foreach (var (fault, faultSwitch) in _connectionFaults)
        {
            if (!faultSwitch.Active) continue;
            var verdict = fault.Decide(info, faultSwitch);
            if (verdict.Action == ConnectionAction.Refuse)
            {
                decidedBy = faultSwitch;
                return verdict;
            }
            if (verdict.Action == ConnectionAction.ResetAfter &&
                (chosen.Action != ConnectionAction.ResetAfter || verdict.ResetAfterBytes < chosen.ResetAfterBytes))
            {
                chosen = verdict;
                decidedBy = faultSwitch;
            }
        }
        return chosen;
    }

    private void Refuse(Socket client, IPEndPoint clientEnd)
    {
        _capture?.RecordRefused(clientEnd, _capturedNode);
        // Linger with a zero timeout makes close send RST instead of FIN.
        client.LingerState = new LingerOption(true, 0);
        client.Dispose();
    }

    internal StreamShape ShapeFor(FlowDirection direction, int length)
    {
        var shape = StreamShape.None;
        if (_shapers.Length == 0) return shape;
        var chunk = new StreamChunk(direction, Service, length);
        foreach (var (fault, faultSwitch) in _shapers)
            if (faultSwitch.Active) shape = shape.With(fault.Shape(chunk, faultSwitch));
        return shape;
    }

    internal void CountSent(FlowDirection direction, int bytes) =>
        Interlocked.Add(ref direction == FlowDirection.ToNode ? ref _bytesToNode : ref _bytesToClient, bytes);

    internal void CountFaultReset() => Interlocked.Increment(ref _faultResets);

    internal void CountAborted() => Interlocked.Increment(ref _aborted);

    /// <summary>
    /// Stops accepting, delivers every byte the relay holds (without further delay) and passes the
    /// FINs on; connections that cannot drain within <see cref="TcpRelayOptions.FlushTimeout"/> are reset.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var (_, cutting) in _cutting) cutting.Switched -= CutOpenConnections;
        _closing.Cancel();
        _listener.Dispose();
        await _acceptLoop;
        foreach (var connection in _connections.Keys) connection.Flush();
        var handlers = Task.WhenAll(_handlers.Values);
        try
        {
            await handlers.WaitAsync(_options.FlushTimeout);
        }
        catch (TimeoutException)
        {
            Log.LogWarning("tcp relay {Service}: {Count} connections did not drain within {Timeout}; resetting them", Service, _connections.Count, _options.FlushTimeout);
            foreach (var connection in _connections.Keys) connection.Abort(FlowDirection.ToClient);
            await handlers;
        }
        _closing.Dispose();
    }
}
