using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FaultLab.Faults;
using FaultLab.Nodes;
using FaultLab.Pki;
using Microsoft.Extensions.Logging;

namespace FaultLab.Middleboxes.Http;

/// <summary>
/// The HTTP(S) middlebox of one link, between the laptop and the web nodes. A raw TCP front
/// listener reads the first bytes of each connection: an explicit-proxy CONNECT, a transparent
/// TLS ClientHello (routed by SNI) or plain HTTP (routed by Host). TLS to a host on the bypass
/// list, or while no re-signing fault is active, is relayed untouched to the real service;
/// otherwise it is terminated with a leaf from the fault's CA and inspected, as plain HTTP always is.
/// When a re-signing fault switches on, the connections it would now inspect that are being relayed
/// untouched are reset, as an inspector that starts takes over open flows: clients reconnect into it.
/// </summary>
public sealed class HttpMiddlebox : IAsyncDisposable
{
    private const int TlsPort = 443;
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);
    private static readonly byte[] ConnectEstablished = "HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray();

    private readonly HttpMiddleboxOptions _options;
    private readonly ILogger _logger;
    private readonly LabServiceDialer _dialer;
    private readonly UpstreamClients _upstream;
    private readonly InspectingHttpServer _inspecting;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly ConcurrentDictionary<Task, byte> _handlers = new();
    private readonly ConcurrentDictionary<PassThroughConnection, byte> _passingThrough = new();
    private readonly FaultSwitch[] _resigningSwitches;
    private Socket? _listener;
    private Task? _acceptLoop;
    private volatile Func<IPAddress, bool>? _isSignedIn;

    public HttpMiddlebox(HttpMiddleboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToArray();
        if (problems.Length > 0) throw new ArgumentException($"HTTP middlebox options: {string.Join("; ", problems)}", nameof(options));
        _options = options;
        _isSignedIn = options.IsSignedIn;
        _logger = options.Context.Logs.CreateLogger($"FaultLab.Middleboxes.Http.{options.Link}");
        _dialer = new LabServiceDialer(options.Context.Directory, options.UpstreamConnectTimeout);
        var validator = new UpstreamCertificateValidator(options.Context.Pki, options.Context.Clock, Counters, _logger);
        _upstream = new UpstreamClients(_dialer, validator, options.UpstreamConnectTimeout);
        _inspecting = new InspectingHttpServer(options, Counters, () => _isSignedIn, _upstream, _logger);
        _resigningSwitches = options.Faults.All.Where(s => s.Fault is ITlsResigningFault).ToArray();
        foreach (var resigning in _resigningSwitches) resigning.Switched += TakeOverForInspection;
    }

    /// <summary>The link this middlebox sits on.</summary>
    public string Link => _options.Link;

    /// <summary>What it did so far.</summary>
    public HttpMiddleboxCounters Counters { get; } = new();

    /// <summary>
    /// The captive portal's sign-in state per client (the portal node's IsSignedIn); null means no
    /// client is signed in. Captive interception asks it on every connection and request.
    /// </summary>
    public Func<IPAddress, bool>? IsSignedIn
    {
        get => _isSignedIn;
        set => _isSignedIn = value;
    }

    /// <summary>
    /// The bypass list of the link's re-signing fault (editable while running; the next connection
    /// sees the change), or null when the link has no re-signing fault.
    /// </summary>
    public HostPatternList? Bypass =>
        _options.Faults.All.Select(s => s.Fault).OfType<ITlsResigningFault>().FirstOrDefault()?.BypassList;

    /// <summary>Where the front listener listens; valid once <see cref="StartAsync"/> returned.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndPoint ?? throw new InvalidOperationException("the middlebox is not started");

    /// <summary>The front listener as a status listing shows it: an HTTP proxy (explicit or transparent) for the link.</summary>
    public NodeEndpoint Endpoint => new("http-middlebox", "http-proxy", LocalEndPoint.Address.ToString(), LocalEndPoint.Port, $"link {Link}");

    /// <summary>Starts the inspecting server, then binds the front listener on the bind address, port 0.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null) throw new InvalidOperationException("the middlebox is already started");
        await _inspecting.StartAsync(cancellationToken);
        var listener = new Socket(_options.Context.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(_options.Context.BindAddress, 0));
        listener.Listen(512);
        _listener = listener;
        _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
        _logger.LogInformation("link {Link}: HTTP middlebox listening on {EndPoint}", Link, listener.LocalEndPoint);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogWarning("link {Link}: accept failed: {Error}", Link, e.SocketErrorCode);
                continue;
            }
            client.NoDelay = true;
            _open.TryAdd(client, 0);
            Counters.Count(HttpMiddleboxEvent.Connection);
            var handler = Task.Run(() => HandleConnectionAsync(client, stopping), CancellationToken.None);
            _handlers.TryAdd(handler, 0);
            _ = handler.ContinueWith(t => _handlers.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task HandleConnectionAsync(Socket client, CancellationToken stopping)
    {
        var clientEndPoint = Unmapped((IPEndPoint)client.RemoteEndPoint!);
        var stream = new NetworkStream(client, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var handedOver = false;
        try
        {
            handedOver = await RouteAsync(client, clientEndPoint, reader, writer, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The middlebox is stopping; the socket is closed below.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _logger.LogDebug("link {Link}: connection from {Client} ended while routing: {Error}", Link, clientEndPoint, e.Message);
        }
        catch (Exception e)
        {
            // A bug must not take the listener down or vanish as an unobserved task: log it, close this connection.
            _logger.LogError(e, "link {Link}: routing the connection from {Client} failed", Link, clientEndPoint);
        }
        finally
        {
            if (!handedOver)
            {
                await reader.CompleteAsync();
                await writer.CompleteAsync();
                CloseTracked(client);
            }
        }
    }

    /// <summary>Reads the first bytes and routes the connection; true when it was handed to the inspecting server.</summary>
    private async Task<bool> RouteAsync(Socket client, IPEndPoint clientEndPoint, PipeReader reader, PipeWriter writer, CancellationToken stopping)
    {
        using var firstBytes = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        firstBytes.CancelAfter(_options.FirstBytesTimeout);
        FirstBytes kind;
        try
        {
            kind = await PeekAsync(reader, Classify, firstBytes.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            Counters.Count(HttpMiddleboxEvent.FirstBytesTimedOut);
            return false;
        }

        switch (kind)
        {
            case FirstBytes.Tls:
                Counters.Count(HttpMiddleboxEvent.ClientHello);
                var (sni, problem) = await PeekAsync(reader, ReadServerName, firstBytes.Token);
                if (problem is not null)
                {
                    Counters.Count(HttpMiddleboxEvent.MalformedClientHello);
                    _logger.LogWarning("link {Link}: malformed ClientHello from {Client}: {Problem}", Link, clientEndPoint, problem);
                    return false;
                }
                if (sni is null)
                {
                    Counters.Count(HttpMiddleboxEvent.MissingServerName);
                    _logger.LogInformation("link {Link}: ClientHello from {Client} names no server; nowhere to route it", Link, clientEndPoint);
                    return false;
                }
                return await RouteTunnelAsync(client, clientEndPoint, reader, writer, sni, TlsPort, explicitProxy: false, stopping);

            case FirstBytes.Connect:
                Counters.Count(HttpMiddleboxEvent.ConnectRequest);
                ProxyConnectRequest request;
                try
                {
                    request = await PeekAsync(reader, ReadConnect, firstBytes.Token, consumed: r => r.HeadBytes);
                }
                catch (FormatException e)
                {
                    Counters.Count(HttpMiddleboxEvent.MalformedConnect);
                    await RespondAsync(writer, 400, "Bad Request", e.Message, stopping);
                    return false;
                }
                return await RouteTunnelAsync(client, clientEndPoint, reader, writer, request.Host, request.Port, explicitProxy: true, stopping);

            case FirstBytes.Http:
                Counters.Count(HttpMiddleboxEvent.PlainHttp);
                return HandOver(client, reader, writer, new ConnectionOrigin(clientEndPoint, null, 0, null), tls: false);

            case FirstBytes.Closed:
                return false;

            default:
                Counters.Count(HttpMiddleboxEvent.UnrecognisedProtocol);
                return false;
        }
    }

    /// <summary>Routes a connection that wants <paramref name="host"/>:<paramref name="port"/> (CONNECT target or SNI).</summary>
    private async Task<bool> RouteTunnelAsync(Socket client, IPEndPoint clientEndPoint, PipeReader reader, PipeWriter writer,
        string host, int port, bool explicitProxy, CancellationToken stopping)
    {
        var attempt = new HttpConnectionAttempt(clientEndPoint.Address, host, port, explicitProxy, _isSignedIn);
        foreach (var (fault, fs) in _options.Faults.Active<IHttpConnectionFault>())
        {
            if (!fault.Refuses(attempt, fs)) continue;
            Counters.Count(HttpMiddleboxEvent.RefusedByFault);
            if (explicitProxy) await RespondAsync(writer, 403, "Forbidden", $"{fs.Fault.Kind}: this network does not allow {host}:{port} yet", stopping);
            else client.LingerState = new LingerOption(true, 0);     // a transparent refusal is a reset
            return false;
        }

        var issuer = IssuerFor(host);
        if (issuer is null) return await PassThroughAsync(client, clientEndPoint, reader, writer, host, port, explicitProxy, stopping);

        if (explicitProxy)
        {
            await writer.WriteAsync(ConnectEstablished, stopping);
            using var firstBytes = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            firstBytes.CancelAfter(_options.FirstBytesTimeout);
            var inner = await PeekAsync(reader, Classify, firstBytes.Token);
            if (inner == FirstBytes.Closed) return false;
            if (inner != FirstBytes.Tls)
            {
                // Plain HTTP inside a tunnel is inspected like any plain HTTP; anything else is relayed.
                if (inner is FirstBytes.Http or FirstBytes.Connect)
                    return HandOver(client, reader, writer, new ConnectionOrigin(clientEndPoint, host, port, null), tls: false);
                return await PassThroughAsync(client, clientEndPoint, reader, writer, host, port, explicitProxy: false, stopping);
            }
        }
        Counters.Count(HttpMiddleboxEvent.Resigned);
        return HandOver(client, reader, writer, new ConnectionOrigin(clientEndPoint, host, port, issuer), tls: true);
    }

    /// <summary>The CA that re-signs <paramref name="host"/>, or null when it passes through (bypassed, or no re-signing fault active).</summary>
    private CertificateAuthority? IssuerFor(string host)
    {
        if (ResigningFaultFor(host) is not { } decision) return null;
        var (fault, fs, bypassed) = decision;
        if (bypassed)
        {
            Counters.Count(HttpMiddleboxEvent.Bypassed);
            fs.Record("bypassed", host);
            return null;
        }
        fs.Record("re-signed", host);
        return fault.IssuerFrom(_options.Context.Pki);
    }

    /// <summary>The first active re-signing fault, which decides for <paramref name="host"/>, and whether its bypass list lets the host through.</summary>
    private (ITlsResigningFault Fault, FaultSwitch Switch, bool Bypassed)? ResigningFaultFor(string host)
    {
        foreach (var (fault, fs) in _options.Faults.Active<ITlsResigningFault>())
            return (fault, fs, fault.BypassList.Matches(host));
        return null;
    }

    /// <summary>A re-signing fault switched: when on, the relayed connections it would now inspect are reset.</summary>
    private void TakeOverForInspection(FaultSwitch switched)
    {
        if (!switched.Active || _stopping.IsCancellationRequested) return;
        foreach (var connection in _passingThrough.Keys)
        {
            if (ResigningFaultFor(connection.Host) is not (_, var decidedBy, false) || !connection.Reset()) continue;
            Counters.Count(HttpMiddleboxEvent.TakenOverForInspection);
            decidedBy.Record("reset", $"{connection.Host}: open connection from {connection.Client} taken over for inspection");
            _logger.LogInformation("link {Link}: inspection started; reset the open connection from {Client} to {Host}", Link, connection.Client, connection.Host);
        }
    }

    private async Task<bool> PassThroughAsync(Socket client, IPEndPoint clientEndPoint, PipeReader reader, PipeWriter writer,
        string host, int port, bool explicitProxy, CancellationToken stopping)
    {
        Socket upstream;
        try
        {
            upstream = await _dialer.DialAsync(host, port, clientEndPoint.Address, stopping);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            Counters.Count(HttpMiddleboxEvent.UpstreamUnreachable);
            _logger.LogInformation("link {Link}: {Host}:{Port} for {Client} is unreachable: {Reason}", Link, host, port, clientEndPoint, e.Message);
            if (explicitProxy) await RespondAsync(writer, 502, "Bad Gateway", $"{host}:{port} is unreachable: {e.Message}", stopping);
            return false;
        }

        _open.TryAdd(upstream, 0);
        var passing = new PassThroughConnection(host, clientEndPoint, client, upstream);
        _passingThrough.TryAdd(passing, 0);
        try
        {
            // A re-signing fault may have switched on since this connection was routed: it is taken over too.
            if (ResigningFaultFor(host) is (_, var decidedBy, false) && passing.Reset())
            {
                Counters.Count(HttpMiddleboxEvent.TakenOverForInspection);
                decidedBy.Record("reset", $"{host}: connection from {clientEndPoint} taken over for inspection as it opened");
                return false;
            }
            if (explicitProxy) await writer.WriteAsync(ConnectEstablished, stopping);
            Counters.Count(HttpMiddleboxEvent.PassedThrough);
            if (!await ByteRelay.RunAsync(reader, client, upstream, stopping))
                Counters.Count(HttpMiddleboxEvent.RelayReset);
        }
        finally
        {
            _passingThrough.TryRemove(passing, out _);
            CloseTracked(upstream);
        }
        return false;
    }

    private bool HandOver(Socket client, PipeReader reader, PipeWriter writer, ConnectionOrigin origin, bool tls)
    {
        var connection = new HandedOverConnection(client, reader, writer, origin, CloseTracked);
        return _inspecting.TryAccept(connection, tls);
    }

    private static async Task RespondAsync(PipeWriter writer, int status, string phrase, string reason, CancellationToken cancellationToken)
    {
        var body = reason + "\n";
        var text = $"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await writer.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>
    /// Reads until <paramref name="inspect"/> decides. Nothing is consumed unless <paramref name="consumed"/>
    /// says so: the bytes stay in <paramref name="reader"/> for whoever handles the connection next.
    /// </summary>
    private static async Task<T> PeekAsync<T>(PipeReader reader, Func<ReadOnlySequence<byte>, bool, (bool Decided, T Value)> inspect,
        CancellationToken cancellationToken, Func<T, long>? consumed = null)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var (decided, value) = inspect(read.Buffer, read.IsCompleted);
            if (decided)
            {
                reader.AdvanceTo(read.Buffer.GetPosition(consumed?.Invoke(value) ?? 0));
                return value;
            }
            if (read.IsCompleted) throw new IOException("the client closed the connection before it could be routed");
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static (bool, FirstBytes) Classify(ReadOnlySequence<byte> buffer, bool completed)
    {
        if (buffer.IsEmpty) return (completed, FirstBytes.Closed);
        var first = buffer.FirstSpan[0];
        if (TlsClientHelloParser.LooksLikeTls(first)) return (true, FirstBytes.Tls);
        if (first is < (byte)'A' or > (byte)'Z') return (true, FirstBytes.Unknown);
        Span<byte> start = stackalloc byte[8];
        var n = (int)Math.Min(buffer.Length, start.Length);
        buffer.Slice(0, n).CopyTo(start);
        return ProxyConnectRequest.StartsWithConnect(start[..n]) switch
        {
            true => (true, FirstBytes.Connect),
            false => (true, FirstBytes.Http),
            null => completed ? (true, FirstBytes.Http) : (false, FirstBytes.Unknown),
        };
    }

    private static (bool, (string? ServerName, string? Problem)) ReadServerName(ReadOnlySequence<byte> buffer, bool completed)
    {
        var status = TlsClientHelloParser.TryRead(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray(), out var sni, out var problem);
        return status switch
        {
            ClientHelloStatus.Complete => (true, (sni, null)),
            ClientHelloStatus.Malformed => (true, (null, problem)),
            _ when completed => (true, (null, "the connection closed inside the ClientHello")),
            _ when buffer.Length > TlsClientHelloParser.MaxHelloBytes + 1024 => (true, (null, "the ClientHello does not end")),
            _ => (false, (null, null)),
        };
    }

    private static (bool, ProxyConnectRequest) ReadConnect(ReadOnlySequence<byte> buffer, bool completed)
    {
        var head = buffer.Length > ProxyConnectRequest.MaxHeadBytes + 4 ? buffer.Slice(0, ProxyConnectRequest.MaxHeadBytes + 4) : buffer;
        var request = ProxyConnectRequest.TryRead(head.IsSingleSegment ? head.FirstSpan : head.ToArray());
        if (request is not null) return (true, request);
        if (completed) throw new FormatException("the connection closed inside the CONNECT head");
        return (false, null!);
    }

    private static IPEndPoint Unmapped(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;

    private void CloseTracked(Socket socket)
    {
        _open.TryRemove(socket, out _);
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        foreach (var resigning in _resigningSwitches) resigning.Switched -= TakeOverForInspection;
        _listener?.Dispose();
        if (_acceptLoop is not null) await _acceptLoop;
        await _inspecting.DisposeAsync();
        foreach (var socket in _open.Keys) socket.Close(0);
        var pending = _handlers.Keys.ToArray();
        if (pending.Length > 0)
            await Task.WhenAll(pending).WaitAsync(DisposeTimeout).ContinueWith(t =>
            {
                if (t.IsFaulted) _logger.LogWarning("link {Link}: connection handlers did not end cleanly: {Error}", Link, t.Exception?.GetBaseException().Message);
            }, TaskScheduler.Default);
        _upstream.Dispose();
        _stopping.Dispose();
    }
}
