using System.Net;
using System.Net.Sockets;
using FaultLab.Proxy;
using FaultLab.Tunnel;

namespace FaultLab.Agent.LocalProxy;

/// <summary>
/// The agent's local listening proxy for "Tunnel with Local Proxy": an HTTP/1.1 proxy on the laptop's
/// loopback address that takes <c>CONNECT host:port</c> and absolute-form <c>GET http://host/path</c>
/// for web ports and carries each through the agent's tunnel (the <see cref="StreamConnector"/> it is
/// given), so the edge sees the traffic as tunnelled. It answers 400 to what is not a proxy request,
/// 403 to non-web ports, 502/504 when the tunnel cannot carry the request, each with a one-line reason.
/// </summary>
public sealed class LocalProxyListener : IAsyncDisposable
{
    /// <summary>How long a client may take to send its request head.</summary>
    public static readonly TimeSpan RequestHeadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the tunnel may take to open the destination.</summary>
    public static readonly TimeSpan UpstreamOpenTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Largest request head accepted.</summary>
    public const int MaxHeadBytes = 16 * 1024;

    private static ReadOnlySpan<byte> ConnectionEstablished => "HTTP/1.1 200 Connection established\r\n\r\n"u8;

    private readonly StreamConnector _upstream;
    private readonly AgentEventLog _log;
    private readonly TcpConnectionListener _listener;

    private LocalProxyListener(IPAddress bindAddress, StreamConnector upstream, AgentEventLog log)
    {
        _upstream = upstream;
        _log = log;
        _listener = TcpConnectionListener.Start(bindAddress, "local proxy", ServeAsync, new AgentEventLogger(log, "local proxy"));
    }

    /// <summary>Where the proxy listens (the laptop's address, a port the OS chose).</summary>
    public IPEndPoint Endpoint => _listener.LocalEndPoint;

    public LocalProxyCounters Counters { get; } = new();

    /// <summary>The ports the local proxy carries: web traffic only, as the forwarding profile scopes it.</summary>
    public static bool IsWebPort(int port) => port is 80 or 443;

    /// <summary>Listens on a new port of <paramref name="bindAddress"/> (loopback only) and relays every request through <paramref name="upstream"/>.</summary>
    public static LocalProxyListener Start(IPAddress bindAddress, StreamConnector upstream, AgentEventLog log)
    {
        if (!IPAddress.IsLoopback(bindAddress))
            throw new ArgumentException($"the local proxy listens on loopback only; {bindAddress} is not", nameof(bindAddress));
        return new LocalProxyListener(bindAddress, upstream, log);
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        await using var client = new NetworkStream(socket, ownsSocket: false);
        try
        {
            var head = await ReadRequestHeadAsync(client, stopping);
            if (head is null) return;
            var request = ProxyRequest.Parse(head, out var refusal);
            if (request is null)
            {
                await RefuseAsync(client, refusal!, "a request", stopping);
                return;
            }
            if (!IsWebPort(request.Port))
            {
                await RefuseAsync(client, ProxyRefusal.Forbidden(
                    $"{request.Destination} is not web traffic: the local proxy carries ports 80 and 443 only"), request.ToString(), stopping);
                return;
            }
            await RelayAsync(socket, client, request, head.AfterHead, stopping);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The client or the tunnel went away mid-answer: nothing is left to answer, but it is worth a line.
            _log.Add($"local proxy: a connection from {socket.RemoteEndPoint} ended early: {e.Message}");
        }
        catch (Exception e) when (e is ObjectDisposedException || (e is OperationCanceledException && stopping.IsCancellationRequested))
        {
            // The proxy is stopping: its disposal already logs the counts.
        }
    }

    /// <summary>The request head, or null after answering (or counting) a connection that sent none.</summary>
    private async Task<HttpHead?> ReadRequestHeadAsync(NetworkStream client, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(RequestHeadTimeout);
        HttpHead head;
        try
        {
            head = await HttpHeadReader.ReadAsync(client, MaxHeadBytes, deadline.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            await RefuseAsync(client, ProxyRefusal.RequestTimeout(
                $"the request head did not arrive within {RequestHeadTimeout.TotalSeconds:0} s"), "a request", stopping);
            return null;
        }
        switch (head.Outcome)
        {
            case HttpHeadOutcome.Closed:
                Counters.Abandon();
                return null;
            case HttpHeadOutcome.TooLarge:
                await RefuseAsync(client, ProxyRefusal.BadRequest($"the request head is longer than {MaxHeadBytes} bytes"), "a request", stopping);
                return null;
            default:
                return head;
        }
    }

    private async Task RelayAsync(Socket socket, NetworkStream client, ProxyRequest request, ReadOnlyMemory<byte> afterHead, CancellationToken stopping)
    {
        Stream upstream;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            deadline.CancelAfter(UpstreamOpenTimeout);
            try
            {
                upstream = await _upstream(request.Host, request.Port, deadline.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                await RefuseAsync(client, ProxyRefusal.GatewayTimeout(
                    $"the tunnel did not open {request.Destination} within {UpstreamOpenTimeout.TotalSeconds:0} s"), request.ToString(), stopping);
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException)
            {
                await RefuseAsync(client, ProxyRefusal.BadGateway($"{request.Destination}: {e.Message}"), request.ToString(), stopping);
                return;
            }
        }
        await using (upstream)
        {
            if (request.IsConnect)
            {
                await client.WriteAsync(ConnectionEstablished.ToArray(), stopping);
                Counters.Connected();
            }
            else
            {
                await upstream.WriteAsync(request.OriginFormHead(), stopping);
                Counters.Forwarded();
            }
            if (!afterHead.IsEmpty) await upstream.WriteAsync(afterHead, stopping);
            _log.Add($"local proxy: {request} through the tunnel");
            await StreamSplice.RunAsync(socket, client, upstream, stopping);
        }
    }

    private async Task RefuseAsync(NetworkStream client, ProxyRefusal refusal, string what, CancellationToken stopping)
    {
        Counters.Refused();
        _log.Add($"local proxy: {what} answered {refusal}");
        await client.WriteAsync(refusal.ToResponse(), stopping);
    }

    /// <summary>Stops listening and closes every open connection and splice.</summary>
    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        _log.Add($"local proxy on {Endpoint} stopped ({Counters})");
    }
}
