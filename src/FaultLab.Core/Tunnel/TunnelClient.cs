using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using FaultLab.World;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;

namespace FaultLab.Tunnel;

/// <summary>
/// The agent's end of a tunnel to an edge: connect over DTLS (UDP) or TLS (TCP), say Hello with
/// the device token, then open TCP and UDP streams to lab hosts through the edge. One reader
/// loop dispatches everything the edge sends; a keepalive loop Pings the edge while it is silent
/// and declares the tunnel down when the Pings go unanswered (a path that drops packets silently
/// gives no other sign).
/// </summary>
public sealed class TunnelClient : IAsyncDisposable
{
    private readonly ITunnelFrameTransport _transport;
    private readonly IAsyncDisposable? _datagramSocket;
    private readonly TimeSpan _replyTimeout;
    private readonly TunnelKeepalive _keepalive;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<uint, TunnelStream> _streams = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<string?>> _pendingOpens = new();
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource> _pendingPings = new();
    private readonly BackgroundWork _backgroundCloses = new(NullLogger.Instance);
    private readonly Channel<string> _edgeErrors = Channel.CreateUnbounded<string>();
    private readonly List<string> _edgeErrorHistory = [];
    private readonly SemaphoreSlim _helloGate = new(1, 1);
    private readonly TaskCompletionSource<string> _down = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private readonly Task _keepaliveLoop;
    private volatile TaskCompletionSource<TunnelHelloResult>? _pendingHello;
    private Task? _keepaliveSend;
    private string? _disconnectReason;
    private long _lastHeardFromEdge;
    private long _firstUnansweredKeepaliveAt;
    private int _unansweredKeepalives;
    private int _nextStreamId;
    private long _nextNonce;
    private int _malformedFromEdge;
    private int _keepalivesSent;

    private TunnelClient(ITunnelFrameTransport transport, IAsyncDisposable? datagramSocket, TunnelTransportKind kind, IPEndPoint edge, TimeSpan replyTimeout,
        TunnelKeepalive keepalive, TimeProvider clock)
    {
        _transport = transport;
        _datagramSocket = datagramSocket;
        Kind = kind;
        Edge = edge;
        _replyTimeout = replyTimeout;
        _keepalive = keepalive;
        _clock = clock;
        _lastHeardFromEdge = clock.GetTimestamp();
        _reader = ReadFramesAsync();
        _keepaliveLoop = KeepAliveAsync();
    }

    public TunnelTransportKind Kind { get; }

    /// <summary>The edge endpoint this tunnel goes to.</summary>
    public IPEndPoint Edge { get; }

    /// <summary>The edge as it introduced itself in HelloOk; null before.</summary>
    public HelloOkFrame? EdgeIdentity { get; private set; }

    /// <summary>Why the tunnel went down; null while it is up.</summary>
    public string? DisconnectReason => Volatile.Read(ref _disconnectReason);

    public bool IsConnected => DisconnectReason is null;

    /// <summary>Completes with <see cref="DisconnectReason"/> when the tunnel goes down (transport ended, keepalive unanswered, or disposed).</summary>
    public Task<string> WhenDown => _down.Task;

    /// <summary>Keepalive Pings sent so far (each one only after the edge was silent for an interval).</summary>
    public int KeepalivesSent => Volatile.Read(ref _keepalivesSent);

    /// <summary>Largest payload of one Data frame (and so of one tunnelled UDP datagram).</summary>
    public int MaxDataBytes => _transport.MaxFrameBytes - DataFrame.HeaderBytes;

    /// <summary>Reasons the edge gave when it refused frames from this client (ProtocolError).</summary>
    public IReadOnlyList<string> EdgeProtocolErrors
    {
        get { lock (_edgeErrorHistory) return _edgeErrorHistory.ToArray(); }
    }

    /// <summary>Frames from the edge this client could not decode.</summary>
    public int MalformedFramesFromEdge => Volatile.Read(ref _malformedFromEdge);

    /// <summary>Sets up DTLS 1.2 with the edge; fails with <see cref="TunnelConnectException"/> after the handshake timeout if nothing answers.</summary>
    public static async Task<TunnelClient> ConnectDtlsAsync(IPEndPoint edge, DtlsTunnelClientOptions options, CancellationToken cancellationToken)
    {
        RequireLoopback(edge);
        RequireUsable(options.Keepalive);
        var socket = new DtlsClientDatagramSocket(edge, options.LocalAddress ?? IPAddress.Loopback, options.Mtu);
        var peer = new TunnelDtlsClient(new BcTlsCrypto(new SecureRandom()), options.ServerName, options.TrustRoot, options.HandshakeTimeout, options.Clock);
        DtlsTransport dtls;
        try
        {
            using var cancel = cancellationToken.Register(() => socket.Datagrams.Fail("cancelled"));
            dtls = await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(peer, socket.Datagrams),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (IOException e)
        {
            await socket.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
            throw DtlsFailure(edge, options, peer, socket.Datagrams, e);
        }
        var frames = new DtlsFrameTransport(dtls, socket.Datagrams, $"DTLS {edge}");
        return new TunnelClient(frames, socket, TunnelTransportKind.Dtls, edge, options.ReplyTimeout, options.Keepalive, options.Clock);
    }

    /// <summary>Sets up TLS over TCP with the edge, trusting only <paramref name="trustRoot"/>.</summary>
    public static Task<TunnelClient> ConnectTlsAsync(IPEndPoint edge, string serverName, X509Certificate2 trustRoot, CancellationToken cancellationToken) =>
        ConnectTlsAsync(edge, new TlsTunnelClientOptions(serverName, trustRoot), cancellationToken);

    /// <summary>Sets up TLS over TCP with the edge.</summary>
    public static async Task<TunnelClient> ConnectTlsAsync(IPEndPoint edge, TlsTunnelClientOptions options, CancellationToken cancellationToken)
    {
        RequireLoopback(edge);
        RequireUsable(options.Keepalive);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.HandshakeTimeout);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(options.LocalAddress ?? IPAddress.Loopback, 0));
            await socket.ConnectAsync(edge, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? new TunnelConnectException(TunnelConnectFailure.Refused, $"TCP {edge} refused the connection", e)
                : new TunnelConnectException(TunnelConnectFailure.HandshakeTimeout, $"TCP connect to {edge} did not complete within {options.HandshakeTimeout.TotalSeconds:0.#} s", e);
        }

        string? certificateProblem = null;
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = options.ServerName,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    certificateProblem = certificate is null
                        ? "the edge sent no certificate"
                        : ServerCertificateVerifier.Problem(
                            certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()),
                            chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? [],
                            options.TrustRoot, options.ServerName, options.Clock.GetUtcNow());
                    return certificateProblem is null;
                },
            }, deadline.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await tls.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
            throw certificateProblem is not null
                ? new TunnelConnectException(TunnelConnectFailure.CertificateRejected, certificateProblem, e)
                : e is OperationCanceledException
                    ? new TunnelConnectException(TunnelConnectFailure.HandshakeTimeout, $"TLS handshake with {edge} did not complete within {options.HandshakeTimeout.TotalSeconds:0.#} s", e)
                    : new TunnelConnectException(TunnelConnectFailure.HandshakeFailed, $"TLS handshake with {edge} failed: {e.Message}", e);
        }
        var frames = new StreamFrameTransport(tls, $"TLS {edge}");
        return new TunnelClient(frames, null, TunnelTransportKind.Tls, edge, options.ReplyTimeout, options.Keepalive, options.Clock);
    }

    /// <summary>Introduces the device; the edge answers with its identity or a refusal reason.</summary>
    public async Task<TunnelHelloResult> HelloAsync(string deviceToken, int tunnelVersion, CancellationToken cancellationToken)
    {
        await _helloGate.WaitAsync(cancellationToken);
        try
        {
            var answer = new TaskCompletionSource<TunnelHelloResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingHello = answer;
            await SendAsync(new HelloFrame(deviceToken, tunnelVersion), cancellationToken);
            var result = await AwaitReplyAsync(answer.Task, "Hello", cancellationToken);
            if (result.Edge is not null) EdgeIdentity = result.Edge;
            return result;
        }
        finally
        {
            _pendingHello = null;
            _helloGate.Release();
        }
    }

    /// <summary>Measures the round-trip time to the edge with one Ping.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        var nonce = (ulong)Interlocked.Increment(ref _nextNonce);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingPings[nonce] = answer;
        try
        {
            var started = _clock.GetTimestamp();
            await SendAsync(new PingFrame(nonce), cancellationToken);
            await AwaitReplyAsync(answer.Task, "Ping", cancellationToken);
            return _clock.GetElapsedTime(started);
        }
        finally
        {
            _pendingPings.TryRemove(nonce, out _);
        }
    }

    /// <summary>
    /// Opens a stream to a lab host through the edge. Throws <see cref="TunnelOpenException"/> with the
    /// edge's reason when it answers OpenFailed (e.g. "no such host", "tunnel v1 carries web ports only").
    /// </summary>
    public async Task<TunnelStream> OpenStreamAsync(string host, int port, Transport transport, CancellationToken cancellationToken)
    {
        var id = (uint)Interlocked.Increment(ref _nextStreamId);
        var stream = new TunnelStream(this, id, host, port, transport);
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingOpens[id] = answer;
        _streams[id] = stream;        // registered before Open so no Data can arrive unclaimed
        try
        {
            await SendAsync(new OpenFrame(id, transport, host, port), cancellationToken);
            var failure = await AwaitReplyAsync(answer.Task, $"Open {host}:{port}", cancellationToken);
            if (failure is not null) throw new TunnelOpenException(host, port, transport, failure);
            return stream;
        }
        catch (Exception)
        {
            _streams.TryRemove(id, out _);
            throw;
        }
        finally
        {
            _pendingOpens.TryRemove(id, out _);
        }
    }

    /// <summary>The next ProtocolError reason the edge sends (for diagnostics and tests).</summary>
    public async Task<string> NextEdgeProtocolErrorAsync(CancellationToken cancellationToken)
    {
        return await AwaitReplyAsync(_edgeErrors.Reader.ReadAsync(cancellationToken).AsTask(), "with a ProtocolError", cancellationToken);
    }

    /// <summary>Sends bytes as one frame without encoding them: lets a test put a malformed frame on the wire.</summary>
    internal ValueTask SendRawFrameAsync(byte[] frame, CancellationToken cancellationToken) => _transport.SendAsync(frame, cancellationToken);

    internal ValueTask SendDataAsync(uint streamId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        return _transport.SendAsync(TunnelFrameCodec.EncodeData(streamId, payload.Span), cancellationToken);
    }

    internal async ValueTask CloseStreamAsync(uint streamId)
    {
        if (!_streams.TryRemove(streamId, out _) || !IsConnected) return;
        try
        {
            await _transport.SendAsync(TunnelFrameCodec.Encode(new CloseFrame(streamId)), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The tunnel went down meanwhile; the edge drops the stream with the session.
        }
    }

    internal void BeginCloseStream(uint streamId)
    {
        _backgroundCloses.Track(CloseStreamAsync(streamId).AsTask(), $"close of stream {streamId}");
    }

    private async Task ReadFramesAsync()
    {
        try
        {
            while (await _transport.ReceiveAsync(_stop.Token) is { } bytes)
            {
                // Any frame at all proves the path works both ways, so it answers every keepalive sent so far.
                Volatile.Write(ref _lastHeardFromEdge, _clock.GetTimestamp());
                Volatile.Write(ref _unansweredKeepalives, 0);
                var decoded = TunnelFrameCodec.Decode(bytes);
                if (decoded.Frame is null)
                {
                    Interlocked.Increment(ref _malformedFromEdge);
                    continue;
                }
                Dispatch(decoded.Frame);
            }
            Disconnected(_transport.CloseReason ?? "the edge closed the tunnel");
        }
        catch (OperationCanceledException)
        {
            Disconnected("closed locally");
        }
        catch (IOException e)
        {
            Disconnected(e.Message);
        }
    }

    private void Dispatch(TunnelFrame frame)
    {
        switch (frame)
        {
            case DataFrame data:
                if (_streams.TryGetValue(data.StreamId, out var stream)) stream.Deliver(data.Payload.ToArray());
                break;
            case CloseFrame close:
                if (_streams.TryRemove(close.StreamId, out var closed)) closed.CloseFromEdge();
                break;
            case OpenedFrame opened:
                if (_pendingOpens.TryGetValue(opened.StreamId, out var open)) open.TrySetResult(null);
                break;
            case OpenFailedFrame failed:
                if (_pendingOpens.TryGetValue(failed.StreamId, out var refused)) refused.TrySetResult(failed.Reason);
                break;
            case HelloOkFrame ok:
                _pendingHello?.TrySetResult(new TunnelHelloResult(ok, null));
                break;
            case HelloRefusedFrame no:
                _pendingHello?.TrySetResult(new TunnelHelloResult(null, no.Reason));
                break;
            case PongFrame pong:
                if (_pendingPings.TryGetValue(pong.Nonce, out var ping)) ping.TrySetResult();
                break;
            case ProtocolErrorFrame error:
                lock (_edgeErrorHistory) _edgeErrorHistory.Add(error.Reason);
                _edgeErrors.Writer.TryWrite(error.Reason);
                break;
            default:
                Interlocked.Increment(ref _malformedFromEdge);
                break;
        }
    }

    /// <summary>
    /// Each interval: when the edge said nothing since about the last tick, Ping it; once the allowed
    /// number of Pings went unanswered, the tunnel is down even though its transport never said so.
    /// </summary>
    private async Task KeepAliveAsync()
    {
        if (!_keepalive.Enabled) return;
        using var timer = new PeriodicTimer(_keepalive.Interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token) && IsConnected)
            {
                // Half an interval: a Pong that came just after the last tick still counts as recent.
                if (_clock.GetElapsedTime(Volatile.Read(ref _lastHeardFromEdge)) < _keepalive.Interval / 2) continue;
                var unanswered = Volatile.Read(ref _unansweredKeepalives);
                if (unanswered >= _keepalive.MissedRepliesAllowed)
                {
                    var waited = _clock.GetElapsedTime(Volatile.Read(ref _firstUnansweredKeepaliveAt));
                    Disconnected($"keepalive: no answer from {EdgeIdentity?.EdgeName ?? Edge.ToString()} for {waited.TotalSeconds:0.#} s ({unanswered} Pings unanswered)");
                    return;
                }
                if (Interlocked.CompareExchange(ref _unansweredKeepalives, unanswered + 1, unanswered) != unanswered) continue;   // a frame arrived just now
                if (unanswered == 0) Volatile.Write(ref _firstUnansweredKeepaliveAt, _clock.GetTimestamp());
                // A send still stuck in the transport (a full TCP window) is as unanswered as a lost one.
                if (_keepaliveSend is { IsCompleted: false }) continue;
                _keepaliveSend = SendKeepaliveAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the reader reports the tunnel closed locally.
        }
    }

    private async Task SendKeepaliveAsync()
    {
        var nonce = (ulong)Interlocked.Increment(ref _nextNonce);
        Interlocked.Increment(ref _keepalivesSent);
        try
        {
            await _transport.SendAsync(TunnelFrameCodec.Encode(new PingFrame(nonce)), _stop.Token);
        }
        catch (IOException e)
        {
            Disconnected($"keepalive: sending a Ping to {EdgeIdentity?.EdgeName ?? Edge.ToString()} failed: {e.Message}");
        }
        catch (Exception e) when (e is ObjectDisposedException || (e is OperationCanceledException && _stop.IsCancellationRequested))
        {
            // Disposed meanwhile: the reader reports the tunnel closed locally.
        }
    }

    private void Disconnected(string reason)
    {
        Interlocked.CompareExchange(ref _disconnectReason, reason, null);
        _down.TrySetResult(DisconnectReason!);
        var down = new IOException($"the tunnel to {Edge} is down: {DisconnectReason}");
        _pendingHello?.TrySetException(down);
        foreach (var open in _pendingOpens.Values) open.TrySetException(down);
        foreach (var ping in _pendingPings.Values) ping.TrySetException(down);
        foreach (var stream in _streams.Values) stream.CloseFromEdge();
        _streams.Clear();
        _edgeErrors.Writer.TryComplete(down);
    }

    private async Task<T> AwaitReplyAsync<T>(Task<T> reply, string what, CancellationToken cancellationToken)
    {
        await AwaitReplyAsync((Task)reply, what, cancellationToken);
        return await reply;
    }

    private async Task AwaitReplyAsync(Task reply, string what, CancellationToken cancellationToken)
    {
        try
        {
            await reply.WaitAsync(_replyTimeout, _clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the edge did not answer {what} within {_replyTimeout.TotalSeconds:0.#} s over {Kind}");
        }
        catch (ChannelClosedException e) when (e.InnerException is IOException down)
        {
            throw down;
        }
    }

    private async ValueTask SendAsync(TunnelFrame frame, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        await _transport.SendAsync(TunnelFrameCodec.Encode(frame), cancellationToken);
    }

    private void ThrowIfDisconnected()
    {
        if (DisconnectReason is { } reason) throw new IOException($"the tunnel to {Edge} is down: {reason}");
    }

    private static void RequireUsable(TunnelKeepalive keepalive)
    {
        if (keepalive.Problem() is { } problem) throw new ArgumentException(problem, nameof(keepalive));
    }

    private static void RequireLoopback(IPEndPoint edge)
    {
        if (!IPAddress.IsLoopback(edge.Address)) throw new ArgumentException($"the lab only talks to loopback; {edge} is not", nameof(edge));
    }

    private static TunnelConnectException DtlsFailure(IPEndPoint edge, DtlsTunnelClientOptions options, TunnelDtlsClient peer, QueuedDatagramTransport datagrams, IOException e)
    {
        if (peer.CertificateProblem is { } problem)
            return new TunnelConnectException(TunnelConnectFailure.CertificateRejected, problem, e);
        if (e is TlsTimeoutException)
            return new TunnelConnectException(TunnelConnectFailure.HandshakeTimeout,
                $"DTLS handshake with {edge} timed out after {options.HandshakeTimeout.TotalSeconds:0.#} s: no answer on UDP {edge.Port}", e);
        if (datagrams.CloseReason is { } closed && closed.Contains("ICMP", StringComparison.Ordinal))
            return new TunnelConnectException(TunnelConnectFailure.Refused, $"DTLS handshake with {edge} failed: {closed}", e);
        if (peer.AlertReceived is { } alert)
            return new TunnelConnectException(TunnelConnectFailure.HandshakeFailed, $"DTLS handshake with {edge} failed: the edge sent the alert {alert}", e);
        return new TunnelConnectException(TunnelConnectFailure.HandshakeFailed, $"DTLS handshake with {edge} failed: {e.Message}", e);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        await _keepaliveLoop;
        if (_keepaliveSend is { } send) await send;
        await _backgroundCloses.WhenAllEndedAsync();
        await _transport.DisposeAsync();
        if (_datagramSocket is not null) await _datagramSocket.DisposeAsync();
        _stop.Dispose();
    }
}
