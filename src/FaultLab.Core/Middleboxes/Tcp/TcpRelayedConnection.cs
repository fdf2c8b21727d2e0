using System.Net;
using System.Net.Sockets;
using FaultLab.Capture;
using FaultLab.Faults;
using Microsoft.Extensions.Logging;

namespace FaultLab.Middleboxes.Tcp;

/// <summary>
/// One client connection relayed to the node: two <see cref="TcpStreamPump"/>s, one per direction,
/// so a FIN in one direction leaves the other open; a shared byte budget for a reset fault; and
/// the reset that ends both sides at once.
/// </summary>
internal sealed class TcpRelayedConnection
{
    private readonly TcpRelay _relay;
    private readonly Socket _client;
    private readonly IPEndPoint _clientEnd;
    private readonly Socket _node;
    private readonly FaultSwitch? _resetBy;
    private readonly string? _resetReason;
    private readonly Lock _budgetGate = new();
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _hurry = new();
    private readonly CancellationTokenSource _aborting = new();
    private long _budget;
    private bool _resetSignalled;
    private int _aborted;

    public TcpRelayedConnection(TcpRelay relay, Socket client, IPEndPoint clientEnd, Socket node, ICapturedConnection? capture, ConnectionVerdict verdict, FaultSwitch? decidedBy)
    {
        _relay = relay;
        _client = client;
        _clientEnd = clientEnd;
        _node = node;
        Capture = capture;
        if (verdict.Action == ConnectionAction.ResetAfter)
        {
            _budget = verdict.ResetAfterBytes;
            _resetBy = decidedBy;
            _resetReason = verdict.Reason;
        }
    }

    public ICapturedConnection? Capture { get; }

    public TimeProvider Clock => _relay.Clock;

    /// <summary>Cancelled when the relay closes: stop reading, deliver what is queued.</summary>
    public CancellationToken StopReading => _stopReading.Token;

    /// <summary>Cancelled when held bytes must go at once (closing, or reset).</summary>
    public CancellationToken Hurry => _hurry.Token;

    /// <summary>Cancelled when the connection is reset.</summary>
    public CancellationToken Aborting => _aborting.Token;

    public async Task RunAsync()
    {
        if (_resetBy is not null && _budget == 0)
        {
            ResetByFault();
            return;
        }
        var toNode = new TcpStreamPump(this, FlowDirection.ToNode, _client, _node);
        var toClient = new TcpStreamPump(this, FlowDirection.ToClient, _node, _client);
        await Task.WhenAll(toNode.RunAsync(), toClient.RunAsync());
        _client.Dispose();
        _node.Dispose();
    }

    /// <summary>Stops reading and sends what is held without further delay; the pumps then pass the FINs on.</summary>
    public void Flush()
    {
        _hurry.Cancel();
        _stopReading.Cancel();
    }

    /// <summary>How many of <paramref name="read"/> bytes may still cross before a reset fault fires, and whether this chunk fires it.</summary>
    public int TakeBudget(int read, out bool resetNow)
    {
        resetNow = false;
        // A reset fault switched off since the connection opened no longer counts.
        if (_resetBy is not { Active: true }) return read;
        lock (_budgetGate)
        {
            if (_resetSignalled) return 0;
            var allowed = (int)Math.Min(read, _budget);
            _budget -= allowed;
            if (_budget == 0) resetNow = _resetSignalled = true;
            return allowed;
        }
    }

    public StreamShape ShapeFor(FlowDirection direction, int length) => _relay.ShapeFor(direction, length);

    /// <summary>Counts and records bytes about to be written on in <paramref name="direction"/>.</summary>
    public void Sending(FlowDirection direction, ReadOnlySpan<byte> bytes)
    {
        _relay.CountSent(direction, bytes.Length);
        if (direction == FlowDirection.ToClient) Capture?.RecordData(direction, bytes);
    }

    /// <summary>The reset fault's budget ran out: both sides are reset.</summary>
    public void ResetByFault()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 1) return;
        // Counted before the sockets close, so whoever sees the reset also sees it counted.
        _relay.CountFaultReset();
        _resetBy?.Record("reset", $"{_resetReason}: connection from {_clientEnd} to {_relay.Service}");
        Reset(FlowDirection.ToClient);
    }

    /// <summary>The laptop's end of the connection.</summary>
    public IPEndPoint ClientEnd => _clientEnd;

    /// <summary>A fault that switched on refuses this open connection now: both sides are reset.</summary>
    public void CutByFault(FaultSwitch fault, string reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 1) return;
        _relay.CountFaultReset();
        fault.Record("reset", $"{reason}: open connection from {_clientEnd} to {_relay.Service} cut");
        Reset(FlowDirection.ToClient);
    }

    /// <summary>A side failed (reset, gone): the other side is reset too.</summary>
    public void Abort(FlowDirection resetTravels, Exception? cause = null)
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 1) return;
        if (cause is not null)
        {
            _relay.CountAborted();
            _relay.Log.LogDebug("tcp relay {Service}: connection reset ({Direction}): {Error}", _relay.Service, resetTravels, cause.Message);
        }
        Reset(resetTravels);
    }

    private void Reset(FlowDirection resetTravels)
    {
        Capture?.RecordReset(resetTravels);
        _aborting.Cancel();
        _hurry.Cancel();
        ResetAndClose(_client);
        ResetAndClose(_node);
    }

    private static void ResetAndClose(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer or by the other direction; closing is all that is left.
        }
        socket.Dispose();
    }
}
